namespace LtiPd.XapiBridge.Statements;

/// <summary>xAPI 2.0: a Group involved in the experience and the roles it played.</summary>
public sealed class ContextGroup
{
    /// <summary>Always <c>contextGroup</c>.</summary>
    public string ObjectType { get; init; } = "contextGroup";

    /// <summary>The Group.</summary>
    public required Group Group { get; set; }

    /// <summary>Role IRIs; null or at least one.</summary>
    public IList<string>? RelevantTypes { get; set; }
}
