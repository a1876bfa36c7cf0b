using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// An xAPI statement: <see cref="Actor"/> <see cref="Verb"/> <see cref="Target"/> (the JSON <c>object</c>), with optional
/// result, context and attachments. The LRS sets <see cref="Stored"/> and <see cref="Authority"/>.
/// </summary>
public sealed class Statement
{
    /// <summary>The statement id. LtiPd derives it from the event it describes (see <c>StatementIds</c>).</summary>
    public Guid? Id { get; set; }

    /// <summary>Who did it: an <see cref="Agent"/> or a <see cref="Group"/>.</summary>
    [JsonConverter(typeof(AgentConverter))]
    public required Agent Actor { get; set; }

    /// <summary>What they did.</summary>
    public required Verb Verb { get; set; }

    /// <summary>What they did it to.</summary>
    [JsonPropertyName("object")]
    [JsonConverter(typeof(StatementTargetConverter))]
    public required StatementTarget Target { get; set; }

    /// <summary>The outcome: score, success, completion, response, duration.</summary>
    public Result? Result { get; set; }

    /// <summary>The circumstances: registration, parent activities, instructor, platform.</summary>
    public Context? Context { get; set; }

    /// <summary>When the experience happened. Written in UTC.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>When the LRS stored the statement. Set by the LRS; written in UTC.</summary>
    public DateTimeOffset? Stored { get; set; }

    /// <summary>Who vouches for the statement. Set by the LRS from the credentials used.</summary>
    [JsonConverter(typeof(AgentConverter))]
    public Agent? Authority { get; set; }

    /// <summary>The xAPI version the statement was written for, such as <c>1.0.3</c>.</summary>
    public string? Version { get; set; }

    /// <summary>Files that belong to the statement, such as submitted evidence.</summary>
    public IList<Attachment>? Attachments { get; set; }
}
