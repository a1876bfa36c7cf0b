using System.Globalization;
using System.Text.Json;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Statements;

/// <summary>
/// Parses the fields the engine needs from xAPI 1.0.3 statement JSON. Statements whose actor is
/// not identified by an account (mbox, openid, groups) cannot be tied to an LTI user and are
/// rejected with a reason, as are statements without the <c>stored</c> time an LRS must set.
/// </summary>
public static class StatementReader
{
    /// <summary>The verb an LRS uses for voiding statements (xAPI 1.0.3 Data, 2.3.2).</summary>
    public const string VoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

    /// <summary>Parses <paramref name="json"/>, one statement object.</summary>
    public static StatementReadResult Read(JsonElement json, long? storedSequence = null)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Fail($"The statement is a JSON {json.ValueKind}, not an object.");
        }

        if (!TryGetGuid(json, "id", out var id))
        {
            return Fail("The statement has no valid 'id' UUID.");
        }

        if (!TryGetTime(json, "stored", out var stored))
        {
            return Fail($"Statement {id} has no valid 'stored' time; read statements from an LRS, which sets it.");
        }

        var timestamp = TryGetTime(json, "timestamp", out var parsedTimestamp) ? parsedTimestamp : stored;

        if (!TryReadAccount(json, out var homePage, out var name))
        {
            return Fail($"Statement {id} has no 'actor.account' with 'homePage' and 'name'; only account actors are gamified.");
        }

        if (!json.TryGetProperty("verb", out var verb) || !TryGetString(verb, "id", out var verbId))
        {
            return Fail($"Statement {id} has no 'verb.id'.");
        }

        var statement = new GamificationStatement
        {
            Id = id,
            Stored = stored,
            StoredSequence = storedSequence,
            Timestamp = timestamp,
            ActorHomePage = homePage,
            ActorName = name,
            VerbId = verbId,
        };

        statement = ReadObject(json, statement);
        if (verbId == VoidedVerb && statement.VoidedStatementId is null)
        {
            return Fail($"Voiding statement {id} has no 'object' StatementRef with an 'id'.");
        }

        statement = ReadResult(json, statement);
        statement = ReadContext(json, statement);
        return new StatementReadResult(statement, null);
    }

    /// <summary>Parses a statement from JSON text.</summary>
    public static StatementReadResult Read(string json, long? storedSequence = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, storedSequence);
        }
        catch (JsonException exception)
        {
            return Fail($"The statement is not valid JSON: {exception.Message}");
        }
    }

    private static StatementReadResult Fail(string error) => new(null, error);

    private static bool TryReadAccount(JsonElement json, out string homePage, out string name)
    {
        homePage = string.Empty;
        name = string.Empty;
        return json.TryGetProperty("actor", out var actor)
            && actor.ValueKind == JsonValueKind.Object
            && actor.TryGetProperty("account", out var account)
            && TryGetString(account, "homePage", out homePage)
            && TryGetString(account, "name", out name);
    }

    private static GamificationStatement ReadObject(JsonElement json, GamificationStatement statement)
    {
        if (!json.TryGetProperty("object", out var target) || target.ValueKind != JsonValueKind.Object)
        {
            return statement;
        }

        var objectType = TryGetString(target, "objectType", out var type) ? type : "Activity";
        if (objectType == "StatementRef")
        {
            return TryGetGuid(target, "id", out var refId) ? statement with { VoidedStatementId = statement.VerbId == VoidedVerb ? refId : null } : statement;
        }

        if (objectType != "Activity" || !TryGetString(target, "id", out var activityId))
        {
            return statement;
        }

        string? activityType = null;
        if (target.TryGetProperty("definition", out var definition) && TryGetString(definition, "type", out var definitionType))
        {
            activityType = definitionType;
        }

        return statement with { ObjectActivityId = activityId, ObjectActivityType = activityType };
    }

    private static GamificationStatement ReadResult(JsonElement json, GamificationStatement statement)
    {
        if (!json.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            return statement;
        }

        double? scaled = null;
        if (result.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Object
            && score.TryGetProperty("scaled", out var scaledElement) && scaledElement.ValueKind == JsonValueKind.Number)
        {
            scaled = scaledElement.GetDouble();
        }

        return statement with
        {
            Success = TryGetBool(result, "success"),
            Completion = TryGetBool(result, "completion"),
            ScoreScaled = scaled,
        };
    }

    private static GamificationStatement ReadContext(JsonElement json, GamificationStatement statement)
    {
        if (!json.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
        {
            return statement;
        }

        Guid? registration = TryGetGuid(context, "registration", out var parsedRegistration) ? parsedRegistration : null;
        var activityIds = new List<string>();
        if (context.TryGetProperty("contextActivities", out var activities) && activities.ValueKind == JsonValueKind.Object)
        {
            foreach (var kind in (string[])["parent", "grouping", "category", "other"])
            {
                AddActivityIds(activities, kind, activityIds);
            }
        }

        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context.TryGetProperty("extensions", out var extensionObject) && extensionObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var extension in extensionObject.EnumerateObject())
            {
                var text = extension.Value.ValueKind switch
                {
                    JsonValueKind.String => extension.Value.GetString(),
                    JsonValueKind.Number => extension.Value.GetRawText(),
                    _ => null,
                };
                if (text is not null)
                {
                    extensions[extension.Name] = text;
                }
            }
        }

        Guid? contextStatement = context.TryGetProperty("statement", out var reference) && reference.ValueKind == JsonValueKind.Object
            && TryGetGuid(reference, "id", out var referenceId) ? referenceId : null;

        return statement with
        {
            Registration = registration, ContextActivityIds = activityIds, ContextExtensions = extensions,
            ContextStatementId = contextStatement, LearnerAccount = ReadLearnerAgent(context),
        };
    }

    // xAPI 2.0 (IEEE 9274.1.1) context.contextAgents: the first agent with the learner role and an account.
    private static (string HomePage, string Name)? ReadLearnerAgent(JsonElement context)
    {
        if (!context.TryGetProperty("contextAgents", out var agents) || agents.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var entry in agents.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("relevantTypes", out var types) || types.ValueKind != JsonValueKind.Array
                || !types.EnumerateArray().Any(type => type.ValueKind == JsonValueKind.String && type.GetString() == XapiTerms.LearnerRole)
                || !entry.TryGetProperty("agent", out var agent) || agent.ValueKind != JsonValueKind.Object
                || !agent.TryGetProperty("account", out var account)
                || !TryGetString(account, "homePage", out var homePage) || !TryGetString(account, "name", out var name))
            {
                continue;
            }

            return (homePage, name);
        }

        return null;
    }

    private static void AddActivityIds(JsonElement activities, string kind, List<string> ids)
    {
        if (!activities.TryGetProperty(kind, out var list))
        {
            return;
        }

        // xAPI 1.0.3 Data, 2.4.6.2: a single activity object is allowed in place of an array.
        if (list.ValueKind == JsonValueKind.Object)
        {
            if (TryGetString(list, "id", out var single))
            {
                ids.Add(single);
            }

            return;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var activity in list.EnumerateArray())
        {
            if (activity.ValueKind == JsonValueKind.Object && TryGetString(activity, "id", out var id))
            {
                ids.Add(id);
            }
        }
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var property)
            || property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = property.GetString()!;
        return value.Length > 0;
    }

    private static bool TryGetGuid(JsonElement element, string name, out Guid value)
    {
        value = Guid.Empty;
        return TryGetString(element, name, out var text) && Guid.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryGetTime(JsonElement element, string name, out DateTimeOffset value)
    {
        value = default;
        return TryGetString(element, name, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool? TryGetBool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var property) && property.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? property.GetBoolean()
            : null;
}
