namespace LtiPd.XapiBridge.Statements;

/// <summary>An account identifier: the user's name on the system at <see cref="HomePage"/>.</summary>
public sealed class AgentAccount
{
    /// <summary>The IRL of the system that owns the account, such as the LTI platform issuer.</summary>
    public required string HomePage { get; set; }

    /// <summary>The unique account name on that system, such as the LTI <c>sub</c> claim.</summary>
    public required string Name { get; set; }
}
