namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// An xAPI Group: identified (one identifier, as an <see cref="Agent"/> has) or anonymous (no
/// identifier, defined by its <see cref="Member"/> list).
/// </summary>
public sealed class Group : Agent
{
    /// <inheritdoc/>
    public override string ObjectType => "Group";

    /// <summary>The Agents in the group. Required for an anonymous Group.</summary>
    public IList<Agent>? Member { get; set; }
}
