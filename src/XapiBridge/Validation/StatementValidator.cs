using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace LtiPd.XapiBridge.Validation;

/// <summary>
/// Validates xAPI statements as raw JSON against xAPI 1.0.3 and xAPI 2.0 (IEEE 9274.1.1). It works
/// on <see cref="JsonElement"/> rather than a typed model because several rules concern the JSON
/// itself: duplicate keys, unknown or wrongly cased property names, <c>null</c> values, and maps
/// sent as arrays. The rule set follows the data part of the specification and what the ADL LRS
/// conformance test suite rejects with 400 Bad Request.
/// </summary>
/// <remarks>
/// The validator is stateless and thread-safe. It does not check what needs the store (whether a
/// voided statement exists, conflicting ids) or the request (attachment parts matching
/// <c>sha2</c>, the <c>authority</c> the LRS assigns).
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance API, so the LRS and the forwarder receive the validator through DI.")]
public sealed class StatementValidator
{
    /// <summary>
    /// Validates one statement. Returns every rule the statement breaks, in document order; an
    /// empty list means the statement is valid for <paramref name="version"/>.
    /// </summary>
    public IReadOnlyList<ValidationError> Validate(JsonElement statement, XapiVersion version)
    {
        var run = new ValidationRun(version);
        run.Statement(statement, "$", isSubStatement: false);
        return run.Errors;
    }

    /// <summary>
    /// Validates an Agent or Group on its own, as the <c>agent</c> query parameter of the
    /// statement, state and agent profile resources carries it. Paths start at <c>$</c>.
    /// </summary>
    public IReadOnlyList<ValidationError> ValidateActor(JsonElement actor, XapiVersion version)
    {
        var run = new ValidationRun(version);
        run.Actor(actor, "$", "the agent");
        return run.Errors;
    }

    /// <summary>
    /// Validates the JSON body of a statements POST: one statement or an array of them. Paths of
    /// statements in an array start at <c>$[index]</c>.
    /// </summary>
    public IReadOnlyList<ValidationError> ValidateBatch(JsonElement statements, XapiVersion version)
    {
        var run = new ValidationRun(version);
        if (statements.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var statement in statements.EnumerateArray())
            {
                run.Statement(statement, $"$[{index}]", isSubStatement: false);
                index++;
            }
        }
        else
        {
            run.Statement(statements, "$", isSubStatement: false);
        }

        return run.Errors;
    }
}
