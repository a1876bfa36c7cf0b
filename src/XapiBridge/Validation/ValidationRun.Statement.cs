using System.Text.Json;
using System.Text.RegularExpressions;

namespace LtiPd.XapiBridge.Validation;

internal sealed partial class ValidationRun
{
    /// <summary>The verb whose statements void the statement they reference.</summary>
    internal const string VoidedVerbId = "http://adlnet.gov/expapi/verbs/voided";

    private static readonly string[] StatementProperties =
        ["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"];

    // A SubStatement accepts objectType. It also reads id, stored, version and authority, so that
    // they are rejected with their own rule instead of as unknown properties.
    private static readonly string[] SubStatementProperties =
        ["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments", "id", "stored", "version", "authority"];

    private static readonly string[] SubStatementForbidden = ["id", "stored", "version", "authority"];

    private static readonly string[] VerbProperties = ["id", "display"];

    public void Statement(JsonElement element, string path, bool isSubStatement)
    {
        var what = isSubStatement ? "a SubStatement" : "a statement";
        var properties = ReadObject(element, path, what, isSubStatement ? SubStatementProperties : StatementProperties);
        if (properties is null)
        {
            return;
        }

        if (isSubStatement)
        {
            // xAPI 1.0.3 section 2.4.4.3: a SubStatement MUST NOT have id, stored, version or authority.
            foreach (var name in SubStatementForbidden.Where(properties.ContainsKey))
            {
                Add(Child(path, name), ValidationRules.SubStatementProperty, $"A SubStatement must not have '{name}'; remove it, because only the outer statement carries it.");
            }
        }

        RequireProperty(properties, "actor", path, what);
        RequireProperty(properties, "verb", path, what);
        RequireProperty(properties, "object", path, what);

        if (properties.TryGetValue("id", out var id) && !isSubStatement)
        {
            CheckUuid(id, Child(path, "id"), "the statement id");
        }

        if (properties.TryGetValue("actor", out var actor))
        {
            Actor(actor, Child(path, "actor"), "the actor");
        }

        string? verbId = null;
        if (properties.TryGetValue("verb", out var verb))
        {
            verbId = Verb(verb, Child(path, "verb"));
        }

        string? objectType = null;
        if (properties.TryGetValue("object", out var statementObject))
        {
            objectType = StatementObject(statementObject, Child(path, "object"), isSubStatement);
        }

        if (verbId == VoidedVerbId && objectType is not null && objectType != "StatementRef" && !isSubStatement)
        {
            // xAPI 1.0.3 section 2.3.2: a voiding statement's object MUST be a StatementRef.
            Add(Child(path, "object"), ValidationRules.VoidingTarget, $"A statement with the verb {VoidedVerbId} voids another statement, so its object must be a StatementRef, not {Quote(objectType)}.");
        }

        if (properties.TryGetValue("result", out var result))
        {
            Result(result, Child(path, "result"));
        }

        if (properties.TryGetValue("context", out var context))
        {
            Context(context, Child(path, "context"), objectType);
        }

        if (properties.TryGetValue("timestamp", out var timestamp))
        {
            CheckTimestamp(timestamp, Child(path, "timestamp"), "the timestamp");
        }

        if (properties.TryGetValue("stored", out var stored) && !isSubStatement)
        {
            CheckTimestamp(stored, Child(path, "stored"), "the stored time");
        }

        if (properties.TryGetValue("authority", out var authority) && !isSubStatement)
        {
            Authority(authority, Child(path, "authority"));
        }

        if (properties.TryGetValue("version", out var version) && !isSubStatement)
        {
            StatementVersion(version, Child(path, "version"));
        }

        if (properties.TryGetValue("attachments", out var attachments))
        {
            Attachments(attachments, Child(path, "attachments"));
        }
    }

    /// <summary>Checks the verb and returns its id when it is a string.</summary>
    private string? Verb(JsonElement element, string path)
    {
        var properties = ReadObject(element, path, "the verb", VerbProperties);
        if (properties is null)
        {
            return null;
        }

        RequireProperty(properties, "id", path, "the verb");
        string? id = null;
        if (properties.TryGetValue("id", out var idElement))
        {
            CheckIri(idElement, Child(path, "id"), "the verb id");
            id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        }

        if (properties.TryGetValue("display", out var display))
        {
            LanguageMap(display, Child(path, "display"), "the verb display");
        }

        return id;
    }

    private void StatementVersion(JsonElement element, string path)
    {
        var value = ReadString(element, path, "the statement version");
        if (value is null)
        {
            return;
        }

        // xAPI 1.0.3 section 2.4.10: accept every version starting with 1.0; xAPI 2.0 adds 2.0.x.
        var accepted = Version switch
        {
            XapiVersion.V1 => VersionOnePattern().IsMatch(value),
            XapiVersion.V2 => VersionOnePattern().IsMatch(value) || VersionTwoPattern().IsMatch(value),
        };
        if (!accepted)
        {
            var expected = Version == XapiVersion.V1 ? "1.0 or 1.0.x" : "1.0, 1.0.x, 2.0 or 2.0.x";
            Add(path, ValidationRules.Version, $"Statement version {Quote(value)} is not accepted by an xAPI {VersionText} LRS; use {expected}, or leave version out.");
        }
    }

    [GeneratedRegex(@"^1\.0(\.\d+)?$")]
    private static partial Regex VersionOnePattern();

    [GeneratedRegex(@"^2\.0(\.\d+)?$")]
    private static partial Regex VersionTwoPattern();
}
