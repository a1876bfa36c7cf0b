using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// An xAPI Agent: one person or system, identified by exactly one of <see cref="Mbox"/>,
/// <see cref="MboxSha1Sum"/>, <see cref="OpenId"/> or <see cref="Account"/>.
/// </summary>
public class Agent : StatementTarget
{
    /// <inheritdoc/>
    public override string ObjectType => "Agent";

    /// <summary>The display name. Optional and not an identifier.</summary>
    public string? Name { get; set; }

    /// <summary>A <c>mailto:</c> IRI, such as <c>mailto:pat@example.edu</c>.</summary>
    public string? Mbox { get; set; }

    /// <summary>The hexadecimal SHA-1 of the <c>mailto:</c> IRI, for an email address kept private.</summary>
    [JsonPropertyName("mbox_sha1sum")]
    public string? MboxSha1Sum { get; set; }

    /// <summary>An OpenID URI.</summary>
    [JsonPropertyName("openid")]
    public string? OpenId { get; set; }

    /// <summary>An account on a system, the identifier LtiPd uses (LTI issuer and <c>sub</c>).</summary>
    public AgentAccount? Account { get; set; }

    /// <summary>Creates an Agent identified by an account on <paramref name="homePage"/>.</summary>
    public static Agent WithAccount(string homePage, string name, string? displayName = null) =>
        new() { Account = new AgentAccount { HomePage = homePage, Name = name }, Name = displayName };

    /// <summary>Creates an Agent identified by an email address.</summary>
    public static Agent WithEmail(string email, string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return new Agent { Mbox = "mailto:" + email, Name = displayName };
    }
}
