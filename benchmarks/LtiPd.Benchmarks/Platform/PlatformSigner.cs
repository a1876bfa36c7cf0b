using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.Benchmarks.Platform;

/// <summary>
/// The simulated platform's RS256 key: signs id_tokens the way an LMS does and publishes the
/// public half as a JWKS. The key is generated per run and never written to disk.
/// </summary>
public sealed class PlatformSigner : IDisposable
{
    private const int KeySizeBits = 2048;

    private readonly RSA _rsa;
    private readonly byte[] _encodedHeader;

    /// <summary>Creates a signer with a new 2048-bit RSA key.</summary>
    public PlatformSigner()
    {
        _rsa = RSA.Create(KeySizeBits);
        KeyId = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["kid"] = KeyId,
        });
        _encodedHeader = Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(header));
    }

    /// <summary>The kid the tokens carry and the JWKS publishes.</summary>
    public string KeyId { get; }

    /// <summary>The RSA key, for benchmarks that verify with it directly.</summary>
    public RSA Key => _rsa;

    /// <summary>Returns the JWKS document with the public key, as a Canvas JWKS endpoint serves it.</summary>
    public string JwksJson()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["kid"] = KeyId,
                    ["alg"] = "RS256",
                    ["use"] = "sig",
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent!),
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus!),
                },
            },
        });
    }

    /// <summary>Signs <paramref name="payloadJson"/> as a compact JWS with RS256.</summary>
    public string Sign(byte[] payloadJson)
    {
        ArgumentNullException.ThrowIfNull(payloadJson);
        var encodedPayload = Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(payloadJson));
        var signingInput = new byte[_encodedHeader.Length + 1 + encodedPayload.Length];
        _encodedHeader.CopyTo(signingInput, 0);
        signingInput[_encodedHeader.Length] = (byte)'.';
        encodedPayload.CopyTo(signingInput, _encodedHeader.Length + 1);

        var signature = _rsa.SignData(signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Encoding.ASCII.GetString(signingInput) + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <inheritdoc/>
    public void Dispose() => _rsa.Dispose();
}
