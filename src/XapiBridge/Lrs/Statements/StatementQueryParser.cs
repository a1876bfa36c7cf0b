using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LtiPd.XapiBridge.Validation;
using Microsoft.AspNetCore.WebUtilities;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Parses the GET statements parameters (xAPI 1.0.3 Communication 2.1.3) and the <c>more</c>
/// cursor. The cursor is stateless: it carries the original parameters, the last seq returned
/// and the highest seq at the first page, so it stays valid on every node and after restarts.
/// </summary>
internal static class StatementQueryParser
{
    private const string AfterField = "_after";
    private const string MaxField = "_max";

    private static readonly string[] IdentifierNames = ["mbox", "mbox_sha1sum", "openid", "account"];

    private static readonly HashSet<string> FilterParameters = new(StringComparer.Ordinal)
    {
        "agent", "verb", "activity", "registration", "related_activities", "related_agents",
        "since", "until", "limit", "format", "attachments", "ascending",
    };

    public static LrsResult<StatementQuery> Parse(IReadOnlyDictionary<string, string> parameters, int maxPageSize)
    {
        foreach (var name in parameters.Keys)
        {
            if (!FilterParameters.Contains(name))
            {
                return LrsErrors.InvalidParameter(name,
                    $"'{name}' is not a GET statements parameter. Use statementId, voidedStatementId, agent, verb, activity, registration, related_activities, related_agents, since, until, limit, format, attachments or ascending.");
            }
        }

        var query = new StatementQuery();
        foreach (var (name, value) in parameters)
        {
            query.Parameters[name] = value;
        }

        return Apply(query, parameters, maxPageSize);
    }

    public static LrsResult<StatementQuery> ParseCursor(string token, int maxPageSize)
    {
        Dictionary<string, string> fields;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            fields = QueryHelpers.ParseQuery(text).ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        }
        catch (FormatException)
        {
            return InvalidCursor();
        }

        if (!fields.Remove(AfterField, out var afterText) || !fields.Remove(MaxField, out var maxText)
            || !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            || !long.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
        {
            return InvalidCursor();
        }

        var parsed = Parse(fields, maxPageSize);
        if (!parsed.Succeeded)
        {
            return parsed;
        }

        parsed.Value!.AfterSeq = after;
        parsed.Value.MaxSeq = max;
        return parsed;
    }

    /// <summary>Builds the cursor for the page after the statement with seq <paramref name="lastSeq"/>.</summary>
    public static string CreateCursor(StatementQuery query, long lastSeq, long maxSeq)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in query.Parameters)
        {
            fields[name] = value;
        }

        fields[AfterField] = lastSeq.ToString(CultureInfo.InvariantCulture);
        fields[MaxField] = maxSeq.ToString(CultureInfo.InvariantCulture);
        var text = QueryHelpers.AddQueryString("", fields).TrimStart('?');
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    private static LrsResult<StatementQuery> Apply(StatementQuery query, IReadOnlyDictionary<string, string> parameters, int maxPageSize)
    {
        if (parameters.TryGetValue("agent", out var agentText))
        {
            var agentKey = ParseAgentKey(agentText);
            if (agentKey is null)
            {
                return LrsErrors.InvalidParameter("agent",
                    "agent must be a JSON agent or identified group with exactly one of mbox, mbox_sha1sum, openid or account.");
            }

            query.AgentKey = agentKey;
        }

        query.VerbId = parameters.GetValueOrDefault("verb");
        if (query.VerbId is not null && !XapiFormats.IsIri(query.VerbId))
        {
            return LrsErrors.InvalidParameter("verb", $"verb '{query.VerbId}' is not an IRI. Send the verb id, such as http://adlnet.gov/expapi/verbs/completed.");
        }

        query.ActivityId = parameters.GetValueOrDefault("activity");
        if (query.ActivityId is not null && !XapiFormats.IsIri(query.ActivityId))
        {
            return LrsErrors.InvalidParameter("activity", $"activity '{query.ActivityId}' is not an IRI. Send the activity id, such as https://district.example/pd/modules/rubrics.");
        }

        if (parameters.TryGetValue("registration", out var registration))
        {
            if (!Guid.TryParseExact(registration, "D", out _))
            {
                return LrsErrors.InvalidParameter("registration", $"registration '{registration}' is not a UUID. Send it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.");
            }

            query.Registration = registration.ToLowerInvariant();
        }

        var error = ParseBoolean(parameters, "related_agents", value => query.RelatedAgents = value)
            ?? ParseBoolean(parameters, "related_activities", value => query.RelatedActivities = value)
            ?? ParseBoolean(parameters, "ascending", value => query.Ascending = value)
            ?? ParseBoolean(parameters, "attachments", value => query.Attachments = value)
            ?? ParseTime(parameters, "since", value => query.SinceMs = value)
            ?? ParseTime(parameters, "until", value => query.UntilMs = value)
            ?? ParseLimit(parameters, maxPageSize, value => query.Limit = value)
            ?? ParseFormat(parameters, value => query.Format = value);
        if (error is not null)
        {
            return error;
        }

        return query;
    }

    /// <summary>Parses an agent parameter into its identifier key, or null when it is not one.</summary>
    public static string? ParseAgentKey(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, LrsJson.DocumentOptions);
            var agent = document.RootElement;
            if (agent.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var identifiers = IdentifierNames.Count(name => agent.TryGetProperty(name, out _));
            return identifiers == 1 ? LrsJson.AgentKey(agent) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static LrsError? ParseBoolean(IReadOnlyDictionary<string, string> parameters, string name, Action<bool> apply)
    {
        if (!parameters.TryGetValue(name, out var text))
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            return LrsErrors.InvalidParameter(name, $"{name} '{text}' is not a boolean. Send true or false.");
        }

        apply(value);
        return null;
    }

    private static LrsError? ParseTime(IReadOnlyDictionary<string, string> parameters, string name, Action<long> apply)
    {
        if (!parameters.TryGetValue(name, out var text))
        {
            return null;
        }

        if (!Timestamps.TryParse(text, out var instant))
        {
            return LrsErrors.InvalidParameter(name, $"{name} '{text}' is not an ISO 8601 timestamp. Send it like 2024-05-01T12:00:00.000Z.");
        }

        apply(instant.ToUnixTimeMilliseconds());
        return null;
    }

    private static LrsError? ParseLimit(IReadOnlyDictionary<string, string> parameters, int maxPageSize, Action<int> apply)
    {
        apply(maxPageSize);
        if (!parameters.TryGetValue("limit", out var text))
        {
            return null;
        }

        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            return LrsErrors.InvalidParameter("limit", $"limit '{text}' is not a non-negative integer. Send 0 for the server maximum, or a page size.");
        }

        // xAPI 1.0.3 Communication 2.1.3 allows any non-negative integer, so a limit too large for
        // an int is a request for the server maximum, not an invalid value.
        var limit = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : int.MaxValue;

        apply(limit == 0 ? maxPageSize : Math.Min(limit, maxPageSize));
        return null;
    }

    private static LrsError? ParseFormat(IReadOnlyDictionary<string, string> parameters, Action<StatementFormat> apply)
    {
        if (!parameters.TryGetValue("format", out var text))
        {
            return null;
        }

        StatementFormat? format = text switch
        {
            "exact" => StatementFormat.Exact,
            "ids" => StatementFormat.Ids,
            "canonical" => StatementFormat.Canonical,
            _ => null,
        };
        if (format is null)
        {
            return LrsErrors.InvalidParameter("format", $"format '{text}' is not supported. Send ids, exact or canonical.");
        }

        apply(format.Value);
        return null;
    }

    private static LrsError InvalidCursor() =>
        LrsErrors.InvalidParameter("more", "The more cursor is damaged. Use the more URL exactly as the previous response returned it.");
}
