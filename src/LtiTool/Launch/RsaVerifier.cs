using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Verifier of RS256, RS384 and RS512 signatures, with RSA objects built once per platform key and
/// kept while the key set snapshot contains that key. IdentityModel's signature provider does the
/// same check with about 2 us more work per call (estimated from docs/benchmarks.md), so it now
/// verifies only the other allowed algorithms.
/// </summary>
internal static class RsaVerifier
{
    private static readonly ConditionalWeakTable<JsonWebKey, RsaPool> Pools = new();

    /// <summary>The hash for an RSASSA-PKCS1-v1_5 algorithm, or null for any other algorithm.</summary>
    public static HashAlgorithmName? HashFor(string algorithm) => algorithm switch
    {
        SecurityAlgorithms.RsaSha256 => HashAlgorithmName.SHA256,
        SecurityAlgorithms.RsaSha384 => HashAlgorithmName.SHA384,
        SecurityAlgorithms.RsaSha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/> with the RSA key in <paramref name="key"/>.</summary>
    public static bool Verify(JsonWebKey key, HashAlgorithmName hash, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var pool = Pools.GetValue(key, static created => new RsaPool(created));
        var rsa = pool.Rent();
        try
        {
            return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
        }
        finally
        {
            pool.Return(rsa);
        }
    }

    /// <summary>
    /// RSA objects of one key. An RSA instance is not documented as safe for concurrent use, so
    /// each verification takes one of its own, as IdentityModel's provider cache does.
    /// </summary>
    private sealed class RsaPool(JsonWebKey key)
    {
        private const int MaxKept = 8;

        private readonly RSAParameters _parameters = new()
        {
            Modulus = Base64UrlEncoder.DecodeBytes(key.N),
            Exponent = Base64UrlEncoder.DecodeBytes(key.E),
        };

        private readonly ConcurrentQueue<RSA> _idle = new();

        public RSA Rent() => _idle.TryDequeue(out var rsa) ? rsa : RSA.Create(_parameters);

        public void Return(RSA rsa)
        {
            if (_idle.Count < MaxKept)
            {
                _idle.Enqueue(rsa);
            }
            else
            {
                rsa.Dispose();
            }
        }
    }
}
