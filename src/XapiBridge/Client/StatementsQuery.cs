using System.Globalization;
using System.Text;
using System.Text.Json;
using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Client;

/// <summary>Filters for <c>GET statements</c>; unset properties are not sent.</summary>
public sealed class StatementsQuery
{
    /// <summary>Statements whose actor or object is this Agent or Group.</summary>
    public Agent? Agent { get; set; }

    /// <summary>Statements with this verb IRI.</summary>
    public string? VerbId { get; set; }

    /// <summary>Statements whose object is this Activity IRI.</summary>
    public string? ActivityId { get; set; }

    /// <summary>Statements of this registration.</summary>
    public Guid? Registration { get; set; }

    /// <summary>Also match the activity in context activities and sub-statements.</summary>
    public bool RelatedActivities { get; set; }

    /// <summary>Also match the agent in context, authority and sub-statements.</summary>
    public bool RelatedAgents { get; set; }

    /// <summary>Statements stored after this time (exclusive).</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>Statements stored at or before this time.</summary>
    public DateTimeOffset? Until { get; set; }

    /// <summary>The page size; 0 lets the LRS choose.</summary>
    public int Limit { get; set; }

    /// <summary>The detail of the returned statements.</summary>
    public StatementsQueryFormat? Format { get; set; }

    /// <summary>Oldest first instead of newest first.</summary>
    public bool Ascending { get; set; }

    /// <summary>Builds the query string, without the leading <c>?</c>.</summary>
    public string ToQueryString()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (Agent is not null)
        {
            parameters.Add(new("agent", JsonSerializer.Serialize(Agent, Agent.GetType(), XapiJson.Options)));
        }

        AddIfSet(parameters, "verb", VerbId);
        AddIfSet(parameters, "activity", ActivityId);
        AddIfSet(parameters, "registration", Registration?.ToString("D"));
        if (RelatedActivities)
        {
            parameters.Add(new("related_activities", "true"));
        }

        if (RelatedAgents)
        {
            parameters.Add(new("related_agents", "true"));
        }

        AddIfSet(parameters, "since", Since is { } since ? XapiFormats.FormatTimestamp(since) : null);
        AddIfSet(parameters, "until", Until is { } until ? XapiFormats.FormatTimestamp(until) : null);
        if (Limit > 0)
        {
            parameters.Add(new("limit", Limit.ToString(CultureInfo.InvariantCulture)));
        }

        if (Format is { } format)
        {
            parameters.Add(new("format", format switch
            {
                StatementsQueryFormat.Exact => "exact",
                StatementsQueryFormat.Ids => "ids",
                StatementsQueryFormat.Canonical => "canonical",
            }));
        }

        if (Ascending)
        {
            parameters.Add(new("ascending", "true"));
        }

        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    private static void AddIfSet(List<KeyValuePair<string, string>> parameters, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parameters.Add(new(name, value));
        }
    }
}
