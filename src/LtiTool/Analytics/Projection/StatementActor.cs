using System.Security.Cryptography;
using System.Text;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// An agent as the dashboards key it: the account (platform issuer and LTI <c>sub</c>), or the
/// mailbox or other identifier when the agent has no account.
/// </summary>
/// <param name="Identifier">The agent's identifier, in the form <c>LrsJson.AgentKey</c> would compare.</param>
/// <param name="HomePage">The account's home page (the LTI platform issuer), when the agent has an account.</param>
/// <param name="AccountName">The account's name (the LTI <c>sub</c>), when the agent has an account.</param>
internal sealed record StatementActor(string Identifier, string? HomePage, string? AccountName)
{
    /// <summary>The SHA-256 of <see cref="Identifier"/>, lower-case hex, so every engine indexes it.</summary>
    public string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Identifier)));
}
