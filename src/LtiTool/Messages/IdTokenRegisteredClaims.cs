namespace LtiPd.LtiTool.Messages;

/// <summary>
/// The registered JWT claims of an id_token (RFC 7519 section 4.1) that the launch validator checks
/// and <see cref="LtiRequest"/> does not carry. A claim of the wrong JSON type reads as absent, and
/// <see cref="InvalidClaim"/> names the first checked claim that had one.
/// </summary>
internal sealed class IdTokenRegisteredClaims
{
    /// <summary>The audiences (<c>aud</c>); a lone string counts as a one-element array.</summary>
    public IReadOnlyList<string> Audiences { get; set; } = [];

    /// <summary>The authorized party (<c>azp</c>).</summary>
    public string? AuthorizedParty { get; set; }

    /// <summary>The expiry (<c>exp</c>), when it is a NumericDate that <see cref="DateTimeOffset"/> can hold.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The issue time (<c>iat</c>), read like <see cref="ExpiresAt"/>.</summary>
    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>The start of validity (<c>nbf</c>), read like <see cref="ExpiresAt"/>.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>
    /// The first checked claim whose value had the wrong JSON type or was an out-of-range
    /// NumericDate, described with the type LTI 1.3 requires, or null when there is none. The
    /// checked claims are iss, sub, aud, azp, exp, iat, nbf, nonce, message_type, version,
    /// deployment_id, target_link_uri and roles. A JSON null reads as absent and is not counted.
    /// </summary>
    public string? InvalidClaim { get; set; }
}
