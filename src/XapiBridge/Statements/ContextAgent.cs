namespace LtiPd.XapiBridge.Statements;

/// <summary>xAPI 2.0: an Agent involved in the experience and the roles it played.</summary>
public sealed class ContextAgent
{
    /// <summary>Always <c>contextAgent</c>.</summary>
    public string ObjectType { get; init; } = "contextAgent";

    /// <summary>The Agent.</summary>
    public required Agent Agent { get; set; }

    /// <summary>Role IRIs; null or at least one.</summary>
    public IList<string>? RelevantTypes { get; set; }
}
