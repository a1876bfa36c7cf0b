using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Jwks;

/// <summary>A tool signing key with its place in the rotation.</summary>
/// <param name="KeyId">The kid (RFC 7638 thumbprint of the public key).</param>
/// <param name="Status">Next, current or retired.</param>
/// <param name="PublicJwk">The public key as a JWK, as published.</param>
/// <param name="CreatedAt">When the key was generated.</param>
/// <param name="ActivatedAt">When it became current, if it did.</param>
/// <param name="RetiredAt">When it was retired, if it was.</param>
public sealed record ToolKey(
    string KeyId,
    ToolKeyStatus Status,
    JsonWebKey PublicJwk,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? RetiredAt);
