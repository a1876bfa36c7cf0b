using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Jwks;

/// <summary>The outcome of looking up a platform signing key.</summary>
/// <param name="Status">Whether the key was found, and if not, why.</param>
/// <param name="Key">The key, when found.</param>
public sealed record KeyLookupResult(KeyLookupStatus Status, JsonWebKey? Key)
{
    /// <summary>Why a key was not allowed, for logs.</summary>
    public string? Detail { get; init; }
}
