using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// A statement inside a statement, describing something that has not happened as such (a plan,
/// an expectation). It has no id, stored, version or authority and never contains another.
/// </summary>
public sealed class SubStatement : StatementTarget
{
    /// <inheritdoc/>
    public override string ObjectType => "SubStatement";

    /// <summary>Who.</summary>
    [JsonConverter(typeof(AgentConverter))]
    public required Agent Actor { get; set; }

    /// <summary>Did what.</summary>
    public required Verb Verb { get; set; }

    /// <summary>To what: an Activity, Agent, Group or StatementRef.</summary>
    [JsonPropertyName("object")]
    [JsonConverter(typeof(StatementTargetConverter))]
    public required StatementTarget Target { get; set; }

    /// <summary>The outcome.</summary>
    public Result? Result { get; set; }

    /// <summary>The circumstances.</summary>
    public Context? Context { get; set; }

    /// <summary>When, in UTC.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Files that belong to the sub-statement.</summary>
    public IList<Attachment>? Attachments { get; set; }
}
