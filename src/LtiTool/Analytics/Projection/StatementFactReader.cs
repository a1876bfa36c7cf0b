using System.Globalization;
using System.Text.Json;
using LtiPd.XapiBridge.Profile;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Reads the dashboard fact out of one statement of the PD xAPI profile (docs/xapi-profile.md).
/// Statements the dashboards do not count, such as badges, course completions and statements of
/// other profiles, return null.
/// </summary>
internal static class StatementFactReader
{
    private const string ModulesSegment = "/modules/";
    private const string CoursesSegment = "/courses/";

    /// <summary>Returns the fact of the statement stored at <paramref name="seq"/>, or null when it counts for no chart.</summary>
    public static StatementFact? Read(long seq, string tenant, string statementJson)
    {
        using var document = JsonDocument.Parse(statementJson);
        var statement = document.RootElement;
        var verb = StringAt(statement, "verb", "id");
        if (verb is null || !statement.TryGetProperty("object", out var target))
        {
            return null;
        }

        var targetType = StringAt(target, "definition", "type");
        var kind = KindOf(verb, targetType);
        if (kind is null)
        {
            return null;
        }

        var actor = ActorOf(statement);
        var occurredAtMs = TimestampOf(statement);
        if (actor is null || occurredAtMs is null)
        {
            return null;
        }

        var activities = ContextActivities(statement).Prepend(target).ToList();
        var module = activities.FirstOrDefault(activity => StringAt(activity, "definition", "type") == PdProfile.ActivityTypes.Module);
        var course = activities.FirstOrDefault(activity => StringAt(activity, "definition", "type") == PdProfile.ActivityTypes.Course);
        var moduleId = module.ValueKind == JsonValueKind.Object ? IdAfter(StringAt(module, "id"), ModulesSegment) : null;
        var courseId = course.ValueKind == JsonValueKind.Object ? IdAfter(StringAt(course, "id"), CoursesSegment) : null;
        if (kind is FactKind.Launched or FactKind.Started or FactKind.Completed && moduleId is null)
        {
            // A launch of a course without a module, or a completed course, is no module step.
            return null;
        }

        var moduleName = module.ValueKind == JsonValueKind.Object ? StringAt(module, "definition", "name", "en-US") : null;
        var evidenceId = kind is FactKind.EvidenceSubmitted or FactKind.EvidenceApproved or FactKind.EvidenceReturned
            ? StringAt(target, "id")
            : null;
        return new StatementFact(seq, tenant, kind.Value, occurredAtMs.Value, actor, courseId, moduleId, moduleName, evidenceId, AmountOf(statement, kind.Value));
    }

    private static FactKind? KindOf(string verb, string? targetType) => verb switch
    {
        PdProfile.Verbs.Launched when targetType == PdProfile.ActivityTypes.Module => FactKind.Launched,
        PdProfile.Verbs.Experienced or PdProfile.Verbs.Answered or PdProfile.Verbs.Passed or PdProfile.Verbs.Failed => FactKind.Started,
        PdProfile.Verbs.Completed when targetType == PdProfile.ActivityTypes.Module => FactKind.Completed,
        PdProfile.Verbs.Submitted when targetType == PdProfile.ActivityTypes.Evidence => FactKind.EvidenceSubmitted,
        PdProfile.Verbs.Approved when targetType == PdProfile.ActivityTypes.Evidence => FactKind.EvidenceApproved,
        PdProfile.Verbs.Returned when targetType == PdProfile.ActivityTypes.Evidence => FactKind.EvidenceReturned,
        PdProfile.Verbs.Earned when targetType == PdProfile.ActivityTypes.Points => FactKind.EarnedPoints,
        PdProfile.Verbs.ReachedLevel => FactKind.ReachedLevel,
        _ => null,
    };

    private static int? AmountOf(JsonElement statement, FactKind kind)
    {
        if (kind == FactKind.EarnedPoints
            && statement.TryGetProperty("result", out var result)
            && result.TryGetProperty("score", out var score)
            && score.TryGetProperty("raw", out var raw)
            && raw.TryGetDecimal(out var points))
        {
            return (int)decimal.Round(points);
        }

        if (kind == FactKind.ReachedLevel
            && statement.TryGetProperty("result", out var levelResult)
            && levelResult.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty(PdProfile.Extensions.Level, out var level)
            && level.TryGetInt32(out var levelNumber))
        {
            return levelNumber;
        }

        return null;
    }

    private static StatementActor? ActorOf(JsonElement statement)
    {
        if (!statement.TryGetProperty("actor", out var actor) || actor.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (actor.TryGetProperty("account", out var account))
        {
            var homePage = StringAt(account, "homePage");
            var name = StringAt(account, "name");
            return homePage is null || name is null ? null : new StatementActor($"account:{homePage}\n{name}", homePage, name);
        }

        foreach (var property in new[] { "mbox", "mbox_sha1sum", "openid" })
        {
            if (StringAt(actor, property) is { } value)
            {
                return new StatementActor($"{property}:{value}", null, null);
            }
        }

        return null;
    }

    private static long? TimestampOf(JsonElement statement)
    {
        var text = StringAt(statement, "timestamp");
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
            ? timestamp.ToUnixTimeMilliseconds()
            : null;
    }

    private static IEnumerable<JsonElement> ContextActivities(JsonElement statement)
    {
        if (!statement.TryGetProperty("context", out var context)
            || !context.TryGetProperty("contextActivities", out var contextActivities)
            || contextActivities.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var name in new[] { "parent", "grouping" })
        {
            if (!contextActivities.TryGetProperty(name, out var list))
            {
                continue;
            }

            if (list.ValueKind == JsonValueKind.Array)
            {
                foreach (var activity in list.EnumerateArray())
                {
                    yield return activity;
                }
            }
            else if (list.ValueKind == JsonValueKind.Object)
            {
                yield return list;
            }
        }
    }

    /// <summary>Returns the percent-decoded path segment after <paramref name="segment"/> in an activity IRI.</summary>
    private static string? IdAfter(string? iri, string segment)
    {
        var index = iri?.LastIndexOf(segment, StringComparison.Ordinal) ?? -1;
        if (index < 0)
        {
            return null;
        }

        var rest = iri![(index + segment.Length)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var id = Uri.UnescapeDataString(end < 0 ? rest : rest[..end]);
        return id.Length == 0 ? null : id;
    }

    private static string? StringAt(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }
}
