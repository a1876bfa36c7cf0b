using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LtiPd.LtiTool.Messages;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// Builds a signed id_token. It starts from a valid LtiResourceLinkRequest for one platform and
/// login, so a test changes exactly the one header field or claim it is about. The JWS is put
/// together by hand (not by a JWT library), so a test can also make tokens no library would:
/// <c>alg: none</c>, HS256 over a public key, a header without kid.
/// </summary>
public sealed class IdTokenBuilder
{
    private readonly JsonObject _header;
    private readonly JsonObject _claims;
    private RSA? _signingKey;
    private byte[]? _hmacSecret;
    private readonly List<(string Name, JsonNode? Value)> _earlierCopies = [];
    private bool _unsigned;
    private bool _corruptSignature;
    private Func<string, byte[]>? _payloadEdit;

    private IdTokenBuilder(JsonObject header, JsonObject claims, RSA signingKey)
    {
        _header = header;
        _claims = claims;
        _signingKey = signingKey;
    }

    /// <summary>The header, to change directly.</summary>
    public JsonObject Header => _header;

    /// <summary>The claims, to change directly.</summary>
    public JsonObject Claims => _claims;

    /// <summary>
    /// Starts a valid resource link launch from <paramref name="issuer"/> for <paramref name="clientId"/>,
    /// signed by <paramref name="key"/>, carrying <paramref name="nonce"/> and aimed at <paramref name="targetLinkUri"/>.
    /// </summary>
    public static IdTokenBuilder ForLaunch(
        PlatformKey key,
        string issuer,
        string clientId,
        string deploymentId,
        string nonce,
        string targetLinkUri,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = key.Kid };
        var claims = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = clientId,
            ["sub"] = "user-" + Guid.NewGuid().ToString("N")[..12],
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["nonce"] = nonce,
            ["name"] = "Avery Tester",
            ["email"] = "avery.tester@district.example.org",
            [LtiClaimNames.MessageType] = LtiMessageTypes.ResourceLinkRequest,
            [LtiClaimNames.Version] = "1.3.0",
            [LtiClaimNames.DeploymentId] = deploymentId,
            [LtiClaimNames.TargetLinkUri] = targetLinkUri,
            [LtiClaimNames.Roles] = new JsonArray("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"),
            [LtiClaimNames.Context] = new JsonObject
            {
                ["id"] = "course-1",
                ["label"] = "PD-101",
                ["title"] = "Classroom Routines",
                ["type"] = new JsonArray("http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"),
            },
            [LtiClaimNames.ResourceLink] = new JsonObject { ["id"] = "link-1", ["title"] = "Week 1 Reflection" },
        };
        return new IdTokenBuilder(header, claims, key.Rsa);
    }

    /// <summary>Starts from a fixture's header and claims, signed by <paramref name="key"/>.</summary>
    public static IdTokenBuilder FromClaims(JsonObject header, JsonObject claims, PlatformKey key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(key);
        return new IdTokenBuilder((JsonObject)header.DeepClone(), (JsonObject)claims.DeepClone(), key.Rsa);
    }

    /// <summary>Sets claim <paramref name="name"/> to <paramref name="value"/> (a JSON null when value is null).</summary>
    public IdTokenBuilder With(string name, JsonNode? value)
    {
        _claims[name] = value;
        return this;
    }

    /// <summary>
    /// Writes claim <paramref name="name"/> twice: its current value first, ahead of all other
    /// claims, and later the value a following <see cref="With"/> sets, in the usual place.
    /// </summary>
    public IdTokenBuilder WithEarlierCopy(string name)
    {
        _earlierCopies.Add((name, _claims[name]?.DeepClone()));
        return this;
    }

    /// <summary>Removes claim <paramref name="name"/>.</summary>
    public IdTokenBuilder Without(string name)
    {
        _claims.Remove(name);
        return this;
    }

    /// <summary>Sets header field <paramref name="name"/>.</summary>
    public IdTokenBuilder WithHeader(string name, JsonNode? value)
    {
        _header[name] = value;
        return this;
    }

    /// <summary>Removes header field <paramref name="name"/>.</summary>
    public IdTokenBuilder WithoutHeader(string name)
    {
        _header.Remove(name);
        return this;
    }

    /// <summary>Signs with another RSA key than the platform's.</summary>
    public IdTokenBuilder SignedBy(RSA key)
    {
        _signingKey = key;
        return this;
    }

    /// <summary>Signs with HMAC-SHA256 over <paramref name="secret"/> and sets alg HS256.</summary>
    public IdTokenBuilder SignedWithHmac(byte[] secret)
    {
        _hmacSecret = secret;
        _header["alg"] = "HS256";
        return this;
    }

    /// <summary>Leaves the signature empty and sets alg none (RFC 7519 section 6).</summary>
    public IdTokenBuilder WithAlgorithmNone()
    {
        _unsigned = true;
        _header["alg"] = "none";
        return this;
    }

    /// <summary>Flips one bit of the signature after signing.</summary>
    public IdTokenBuilder WithCorruptSignature()
    {
        _corruptSignature = true;
        return this;
    }

    /// <summary>
    /// Replaces the payload bytes with what <paramref name="edit"/> makes of the payload's JSON text,
    /// so a test can sign bytes no JSON writer produces (invalid UTF-8, deep nesting).
    /// </summary>
    public IdTokenBuilder WithPayloadBytes(Func<string, byte[]> edit)
    {
        _payloadEdit = edit;
        return this;
    }

    /// <summary>Returns the compact JWS.</summary>
    public string Build()
    {
        var signingInput = Encode(_header) + "." + EncodeClaims();
        if (_unsigned)
        {
            return signingInput + ".";
        }

        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = _hmacSecret is not null
            ? HMACSHA256.HashData(_hmacSecret, data)
            : _signingKey!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (_corruptSignature)
        {
            signature[^1] ^= 0x01;
        }

        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    private string EncodeClaims()
    {
        if (_payloadEdit is not null)
        {
            return Base64UrlEncoder.Encode(_payloadEdit(_claims.ToJsonString()));
        }

        if (_earlierCopies.Count == 0)
        {
            return Encode(_claims);
        }

        // JsonObject cannot hold a name twice, so the copies are written as text ahead of the rest.
        var copies = string.Concat(_earlierCopies.Select(copy => new JsonObject { [copy.Name] = copy.Value?.DeepClone() }.ToJsonString()[1..^1] + ","));
        var json = "{" + copies + _claims.ToJsonString()[1..];
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
    }

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
