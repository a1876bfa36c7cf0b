using System.Text.Json;
using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>The circumstances of a statement.</summary>
public sealed class Context
{
    /// <summary>The attempt or enrollment the statement belongs to.</summary>
    public Guid? Registration { get; set; }

    /// <summary>The instructor: an Agent or a Group.</summary>
    [JsonConverter(typeof(AgentConverter))]
    public Agent? Instructor { get; set; }

    /// <summary>The team the actor worked in.</summary>
    public Group? Team { get; set; }

    /// <summary>The parent, grouping, category and other Activities.</summary>
    public ContextActivities? ContextActivities { get; set; }

    /// <summary>The revision of the Activity. Only with an Activity object.</summary>
    public string? Revision { get; set; }

    /// <summary>The platform the experience happened on. Only with an Activity object.</summary>
    public string? Platform { get; set; }

    /// <summary>The RFC 5646 language the experience happened in.</summary>
    public string? Language { get; set; }

    /// <summary>Another statement that gives context to this one.</summary>
    public StatementRef? Statement { get; set; }

    /// <summary>Extension values keyed by IRI.</summary>
    public IDictionary<string, JsonElement>? Extensions { get; set; }

    /// <summary>xAPI 2.0: other Agents involved, with their roles as IRIs. Leave null for xAPI 1.0.3.</summary>
    public IList<ContextAgent>? ContextAgents { get; set; }

    /// <summary>xAPI 2.0: Groups involved, with their roles as IRIs. Leave null for xAPI 1.0.3.</summary>
    public IList<ContextGroup>? ContextGroups { get; set; }
}
