using LtiPd.XapiBridge.Lrs;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Export;

/// <summary>A parsed export request: the statements to include and the file format.</summary>
/// <param name="Filter">The statements to include.</param>
/// <param name="Format">The file format.</param>
public sealed record StatementExportRequest(StatementExportFilter Filter, ExportFormat Format)
{
    private static readonly HashSet<string> KnownParameters = new(StringComparer.Ordinal)
    {
        "format", "since", "until", "verb", "activity", "agent", "registration", "related_agents", "related_activities",
    };

    /// <summary>
    /// Parses export parameters, which read like the GET statements parameters of the same name
    /// (xAPI 1.0.3 Communication 2.1.3) plus <c>format</c> (<c>ndjson</c>, the default, or
    /// <c>csv</c>). Returns an error naming the first invalid parameter.
    /// </summary>
    public static LrsResult<StatementExportRequest> Parse(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var name in parameters.Keys)
        {
            if (!KnownParameters.Contains(name))
            {
                return LrsErrors.InvalidParameter(name,
                    $"'{name}' is not an export parameter. Use format, since, until, verb, activity, agent, registration, related_agents or related_activities.");
            }
        }

        var format = ExportFormat.Ndjson;
        if (parameters.TryGetValue("format", out var formatText))
        {
            switch (formatText)
            {
                case "ndjson":
                    format = ExportFormat.Ndjson;
                    break;
                case "csv":
                    format = ExportFormat.Csv;
                    break;
                default:
                    return LrsErrors.InvalidParameter("format", $"format '{formatText}' is not supported. Send ndjson or csv.");
            }
        }

        var filter = new StatementExportFilter
        {
            VerbId = NonEmpty(parameters, "verb"),
            ActivityId = NonEmpty(parameters, "activity"),
        };

        if (parameters.TryGetValue("agent", out var agentText))
        {
            var agentKey = StatementQueryParser.ParseAgentKey(agentText);
            if (agentKey is null)
            {
                return LrsErrors.InvalidParameter("agent",
                    "agent must be a JSON agent with exactly one of mbox, mbox_sha1sum, openid or account, such as {\"account\":{\"homePage\":\"https://lms.example\",\"name\":\"123\"}}.");
            }

            filter = filter with { AgentKey = agentKey };
        }

        if (parameters.TryGetValue("registration", out var registration))
        {
            if (!Guid.TryParseExact(registration, "D", out _))
            {
                return LrsErrors.InvalidParameter("registration", $"registration '{registration}' is not a UUID. Send it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.");
            }

            filter = filter with { Registration = registration.ToLowerInvariant() };
        }

        var since = ParseTime(parameters, "since");
        if (!since.Succeeded)
        {
            return since.Error;
        }

        var until = ParseTime(parameters, "until");
        if (!until.Succeeded)
        {
            return until.Error;
        }

        var relatedAgents = ParseBoolean(parameters, "related_agents");
        if (!relatedAgents.Succeeded)
        {
            return relatedAgents.Error;
        }

        var relatedActivities = ParseBoolean(parameters, "related_activities");
        if (!relatedActivities.Succeeded)
        {
            return relatedActivities.Error;
        }

        filter = filter with
        {
            SinceMs = since.Value,
            UntilMs = until.Value,
            RelatedAgents = relatedAgents.Value,
            RelatedActivities = relatedActivities.Value,
        };
        return new StatementExportRequest(filter, format);
    }

    private static string? NonEmpty(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static LrsResult<long?> ParseTime(IReadOnlyDictionary<string, string> parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var text))
        {
            return (long?)null;
        }

        if (!Timestamps.TryParse(text, out var instant))
        {
            return LrsErrors.InvalidParameter(name, $"{name} '{text}' is not an ISO 8601 timestamp. Send it like 2026-09-01T00:00:00Z.");
        }

        return instant.ToUnixTimeMilliseconds();
    }

    private static LrsResult<bool> ParseBoolean(IReadOnlyDictionary<string, string> parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var text))
        {
            return false;
        }

        if (!bool.TryParse(text, out var value))
        {
            return LrsErrors.InvalidParameter(name, $"{name} '{text}' is not a boolean. Send true or false.");
        }

        return value;
    }
}
