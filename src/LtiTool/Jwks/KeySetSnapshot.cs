using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Jwks;

/// <summary>One fetched key set: the usable RSA signing keys by kid, and why others were left out.</summary>
internal sealed class KeySetSnapshot
{
    private readonly Dictionary<string, JsonWebKey> _keys;
    private readonly Dictionary<string, string> _rejected;

    private KeySetSnapshot(Dictionary<string, JsonWebKey> keys, Dictionary<string, string> rejected, DateTimeOffset expiresAt)
    {
        _keys = keys;
        _rejected = rejected;
        ExpiresAt = expiresAt;
    }

    public DateTimeOffset ExpiresAt { get; }

    public int KeyCount => _keys.Count;

    /// <summary>
    /// Keeps only keys that can verify an RSA signature: kty RSA with a modulus and exponent,
    /// use absent or "sig", alg absent or allowed, and a modulus of at least the minimum size.
    /// Anything else (oct, EC, encryption keys) is recorded as rejected, never used, which closes
    /// the key-confusion attacks where an RSA public key is used as an HMAC secret.
    /// </summary>
    public static KeySetSnapshot Create(JsonWebKeySet keySet, LtiOptions options, DateTimeOffset now, TimeSpan lifetime)
    {
        var keys = new Dictionary<string, JsonWebKey>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keySet.Keys)
        {
            if (string.IsNullOrEmpty(key.Kid))
            {
                continue;
            }

            var problem = Check(key, options);
            if (problem is null)
            {
                keys.TryAdd(key.Kid, key);
            }
            else
            {
                rejected.TryAdd(key.Kid, problem);
            }
        }

        return new KeySetSnapshot(keys, rejected, now + lifetime);
    }

    public KeyLookupResult Lookup(string kid)
    {
        if (_keys.TryGetValue(kid, out var key))
        {
            return new KeyLookupResult(KeyLookupStatus.Found, key);
        }

        return _rejected.TryGetValue(kid, out var reason)
            ? new KeyLookupResult(KeyLookupStatus.NotAllowed, null) { Detail = reason }
            : new KeyLookupResult(KeyLookupStatus.UnknownKid, null);
    }

    private static string? Check(JsonWebKey key, LtiOptions options)
    {
        if (key.Kty != JsonWebAlgorithmsKeyTypes.RSA)
        {
            return $"key type {key.Kty} is not RSA";
        }

        if (string.IsNullOrEmpty(key.N) || string.IsNullOrEmpty(key.E))
        {
            return "RSA key lacks n or e";
        }

        if (!string.IsNullOrEmpty(key.Use) && key.Use != JsonWebKeyUseNames.Sig)
        {
            return $"key use {key.Use} is not sig";
        }

        if (!string.IsNullOrEmpty(key.Alg) && !options.AllowedAlgorithms.Contains(key.Alg))
        {
            return $"key alg {key.Alg} is not allowed";
        }

        var bits = Base64UrlEncoder.DecodeBytes(key.N).SkipWhile(b => b == 0).Count() * 8;
        return bits < options.MinimumRsaKeySize ? $"RSA key has {bits} bits, fewer than {options.MinimumRsaKeySize}" : null;
    }
}
