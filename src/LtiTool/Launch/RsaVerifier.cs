using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Verifier of RS256, RS384 and RS512 signatures, with the key objects built once per platform key
/// and kept while the key set snapshot contains that key. Where OpenSSL 3 is loadable it verifies
/// through <see cref="OpenSslRsaKey"/> with reused contexts, elsewhere through .NET's RSA.
/// IdentityModel's signature provider does the same check with about 2 us more work per call
/// (estimated from docs/benchmarks.md), so it verifies only the other allowed algorithms.
/// </summary>
internal static class RsaVerifier
{
    private static readonly ConditionalWeakTable<JsonWebKey, KeyVerifier> Verifiers = new();

    /// <summary>The hash for an RSASSA-PKCS1-v1_5 algorithm, or null for any other algorithm.</summary>
    public static HashAlgorithmName? HashFor(string algorithm) => algorithm switch
    {
        SecurityAlgorithms.RsaSha256 => HashAlgorithmName.SHA256,
        SecurityAlgorithms.RsaSha384 => HashAlgorithmName.SHA384,
        SecurityAlgorithms.RsaSha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/> with the RSA key in <paramref name="key"/>.</summary>
    public static bool Verify(JsonWebKey key, HashAlgorithmName hash, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        Verifiers.GetValue(key, static created => new KeyVerifier(created)).Verify(hash, data, signature);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="asciiData"/>, the ASCII text of a
    /// JWS signing input, hashed as <see cref="System.Text.Encoding.ASCII"/> encodes it.
    /// </summary>
    public static bool VerifyAscii(JsonWebKey key, HashAlgorithmName hash, ReadOnlySpan<char> asciiData, ReadOnlySpan<byte> signature) =>
        Verifiers.GetValue(key, static created => new KeyVerifier(created)).VerifyAscii(hash, asciiData, signature);

    /// <summary>The verifier objects of one platform key.</summary>
    private sealed class KeyVerifier(JsonWebKey key)
    {
        private readonly RsaPool _rsaPool = new(key);
        private readonly ConcurrentDictionary<HashAlgorithmName, OpenSslRsaKey> _openSslKeys = new();

        public bool Verify(HashAlgorithmName hash, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
        {
            if (!OpenSslRsaKey.IsSupported)
            {
                return _rsaPool.Verify(hash, data, signature);
            }

            // SHA-512 is the longest digest allowed here.
            Span<byte> digest = stackalloc byte[64];
            var digestLength = CryptographicOperations.HashData(hash, data, digest);
            return OpenSslKey(hash).VerifyHash(digest[..digestLength], signature);
        }

        public bool VerifyAscii(HashAlgorithmName hash, ReadOnlySpan<char> asciiData, ReadOnlySpan<byte> signature)
        {
            if (OpenSslRsaKey.IsSupported)
            {
                return OpenSslKey(hash).VerifyAsciiData(asciiData, signature);
            }

            // The signing input goes into a pooled buffer, because a token is several kilobytes.
            var data = ArrayPool<byte>.Shared.Rent(asciiData.Length);
            try
            {
                var length = Encoding.ASCII.GetBytes(asciiData, data);
                return _rsaPool.Verify(hash, data.AsSpan(0, length), signature);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }

        private OpenSslRsaKey OpenSslKey(HashAlgorithmName hash) =>
            _openSslKeys.GetOrAdd(hash, static (name, parameters) => OpenSslRsaKey.Create(parameters, name), _rsaPool.Parameters);
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

        public RSAParameters Parameters => _parameters;

        public bool Verify(HashAlgorithmName hash, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
        {
            var rsa = _idle.TryDequeue(out var idle) ? idle : RSA.Create(_parameters);
            try
            {
                return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
            }
            finally
            {
                Return(rsa);
            }
        }

        private void Return(RSA rsa)
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
