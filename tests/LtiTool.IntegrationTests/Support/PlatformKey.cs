using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>An RSA key pair a test platform signs id_tokens with, and its public JWK.</summary>
public sealed class PlatformKey : IDisposable
{
    /// <summary>Generates a new key of <paramref name="bits"/> bits under <paramref name="kid"/>.</summary>
    public PlatformKey(string kid, int bits = 2048)
    {
        Kid = kid;
        Rsa = RSA.Create(bits);
    }

    /// <summary>The key id the platform names in the JWT header and its JWKS.</summary>
    public string Kid { get; }

    /// <summary>The key pair.</summary>
    public RSA Rsa { get; }

    /// <summary>Returns the public JWK as a platform publishes it.</summary>
    public JsonObject ToPublicJwk()
    {
        var parameters = Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = Kid,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }

    /// <summary>Returns the public key in SubjectPublicKeyInfo PEM, the text a key-confusion attacker uses as an HMAC secret.</summary>
    public string ExportPublicPem() => Rsa.ExportSubjectPublicKeyInfoPem();

    /// <inheritdoc/>
    public void Dispose() => Rsa.Dispose();
}
