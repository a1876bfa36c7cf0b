namespace LtiPd.XapiBridge.Statements;

/// <summary>An xAPI Activity: something a learner interacts with, identified by an IRI.</summary>
public sealed class Activity : StatementTarget
{
    /// <inheritdoc/>
    public override string ObjectType => "Activity";

    /// <summary>The Activity IRI.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The optional metadata: name, type, interaction details and extensions.</summary>
    public ActivityDefinition? Definition { get; set; }
}
