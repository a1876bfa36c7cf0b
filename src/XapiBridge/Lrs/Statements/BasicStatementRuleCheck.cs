using System.Text.Json;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// The structural checks the LRS needs to store and index a statement: an object with an
/// actor, a verb with an id, an object, and a UUID id when one is given.
/// </summary>
/// <remarks>
/// NOTE: this covers only what the store relies on; the full xAPI data rules come from the
/// statement validator of the Validation feature once it is registered in its place.
/// </remarks>
internal sealed class BasicStatementRuleCheck : IStatementRuleCheck
{
    public IReadOnlyList<StatementRuleViolation> Check(JsonElement statement, bool isVersion2)
    {
        var violations = new List<StatementRuleViolation>();
        if (statement.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new("$", "A statement must be a JSON object."));
            return violations;
        }

        if (statement.TryGetProperty("id", out var id) && (id.ValueKind != JsonValueKind.String || !Guid.TryParseExact(id.GetString(), "D", out _)))
        {
            violations.Add(new("$.id", $"id '{id}' is not a UUID. Send it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx or leave it out."));
        }

        if (statement.TryGetProperty("version", out var version) && !IsAcceptedVersion(version, isVersion2))
        {
            violations.Add(new("$.version", $"version {version} is not accepted. Send 1.0.x{(isVersion2 ? " or 2.0.x" : "")}, or leave it out."));
        }

        if (!statement.TryGetProperty("actor", out var actor) || actor.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new("$.actor", "actor is missing. Send the agent or group that did the action."));
        }

        if (!statement.TryGetProperty("verb", out var verb) || !XapiJson.TryGetString(verb, "id", out _))
        {
            violations.Add(new("$.verb.id", "verb.id is missing. Send the verb IRI."));
        }

        if (!statement.TryGetProperty("object", out var target) || target.ValueKind != JsonValueKind.Object)
        {
            violations.Add(new("$.object", "object is missing. Send the activity, agent, group, statement reference or sub-statement acted on."));
        }

        return violations;
    }

    private static bool IsAcceptedVersion(JsonElement version, bool isVersion2)
    {
        if (version.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var parts = version.GetString()!.Split('.');
        var major = parts[0] == "1" || (isVersion2 && parts[0] == "2");
        return major && parts.Length is 2 or 3 && parts[1] == "0"
            && (parts.Length == 2 || (parts[2].Length > 0 && parts[2].All(char.IsAsciiDigit)));
    }
}
