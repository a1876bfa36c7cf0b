using System.Text.Json;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Profile;

namespace LtiPd.XapiBridge.Export;

/// <summary>
/// The flattened columns of a CSV statement export, one row per statement. docs/analytics.md
/// lists each column with the statement property it comes from; keep the two in step.
/// </summary>
public static class StatementCsvColumns
{
    /// <summary>The header row, in column order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "statement_id",
        "stored",
        "timestamp",
        "actor_object_type",
        "actor_name",
        "actor_mbox",
        "actor_mbox_sha1sum",
        "actor_openid",
        "actor_account_home_page",
        "actor_account_name",
        "verb_id",
        "verb_display",
        "object_type",
        "object_id",
        "object_name",
        "result_success",
        "result_completion",
        "result_score_scaled",
        "result_score_raw",
        "result_score_min",
        "result_score_max",
        "result_duration",
        "result_response",
        "context_registration",
        "context_district_id",
        "context_parent_id",
        "context_grouping_ids",
        "version",
    ];

    /// <summary>
    /// Returns the column values of one stored statement, in <see cref="Names"/> order. A value
    /// the statement lacks is null. Language maps give their <c>en-US</c> entry, else <c>en</c>,
    /// else the first one.
    /// </summary>
    public static string?[] Flatten(JsonElement statement)
    {
        var actor = Property(statement, "actor");
        var account = Property(actor, "account");
        var verb = Property(statement, "verb");
        var target = Property(statement, "object");
        var result = Property(statement, "result");
        var score = Property(result, "score");
        var context = Property(statement, "context");
        var contextActivities = Property(context, "contextActivities");

        return
        [
            LrsJson.GetString(statement, "id"),
            LrsJson.GetString(statement, "stored"),
            LrsJson.GetString(statement, "timestamp"),
            LrsJson.GetString(actor, "objectType") ?? (actor.ValueKind == JsonValueKind.Object ? "Agent" : null),
            LrsJson.GetString(actor, "name"),
            LrsJson.GetString(actor, "mbox"),
            LrsJson.GetString(actor, "mbox_sha1sum"),
            LrsJson.GetString(actor, "openid"),
            LrsJson.GetString(account, "homePage"),
            LrsJson.GetString(account, "name"),
            LrsJson.GetString(verb, "id"),
            PreferredLanguage(Property(verb, "display")),
            LrsJson.GetString(target, "objectType") ?? (target.ValueKind == JsonValueKind.Object ? "Activity" : null),
            LrsJson.GetString(target, "id"),
            PreferredLanguage(Property(Property(target, "definition"), "name")),
            Literal(Property(result, "success")),
            Literal(Property(result, "completion")),
            Literal(Property(score, "scaled")),
            Literal(Property(score, "raw")),
            Literal(Property(score, "min")),
            Literal(Property(score, "max")),
            LrsJson.GetString(result, "duration"),
            LrsJson.GetString(result, "response"),
            LrsJson.GetString(context, "registration"),
            LrsJson.GetString(Property(context, "extensions"), PdProfile.Extensions.DistrictId),
            ActivityIds(Property(contextActivities, "parent")),
            ActivityIds(Property(contextActivities, "grouping")),
            LrsJson.GetString(statement, "version"),
        ];
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Literal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String => value.GetString(),
        _ => null,
    };

    private static string? PreferredLanguage(JsonElement languageMap)
    {
        if (languageMap.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? first = null;
        string? english = null;
        foreach (var entry in languageMap.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            if (string.Equals(entry.Name, "en-US", StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value.GetString();
            }

            if (string.Equals(entry.Name, "en", StringComparison.OrdinalIgnoreCase))
            {
                english = entry.Value.GetString();
            }

            first ??= entry.Value.GetString();
        }

        return english ?? first;
    }

    // Several parent or grouping activities are joined by spaces: an IRI never contains one.
    private static string? ActivityIds(JsonElement activities)
    {
        var list = activities.ValueKind switch
        {
            JsonValueKind.Array => activities.EnumerateArray().ToList(),
            JsonValueKind.Object => [activities],
            _ => [],
        };
        var ids = list.Select(activity => LrsJson.GetString(activity, "id")).OfType<string>().ToList();
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }
}
