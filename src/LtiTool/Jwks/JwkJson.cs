using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Jwks;

/// <summary>Writes public JWKs with only the members RFC 7517 needs, so no private member can leak.</summary>
public static class JwkJson
{
    /// <summary>Returns the public members of an RSA JWK as a plain object for JSON serialization.</summary>
    public static IReadOnlyDictionary<string, string> ToPublicObject(JsonWebKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new Dictionary<string, string>
        {
            ["kty"] = key.Kty,
            ["kid"] = key.Kid,
            ["use"] = string.IsNullOrEmpty(key.Use) ? "sig" : key.Use,
            ["alg"] = string.IsNullOrEmpty(key.Alg) ? SecurityAlgorithms.RsaSha256 : key.Alg,
            ["n"] = key.N,
            ["e"] = key.E,
        };
    }
}
