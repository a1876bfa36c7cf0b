using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Oidc;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.LtiTool.Tests.Launch;

/// <summary>
/// The validator on hand-written payloads that a JSON serializer would not produce: wrong JSON
/// types for each checked claim, duplicate names, broken base64url and oversized tokens. Every test
/// asserts the exact reason code, and the detail where it names the claim.
/// </summary>
public sealed class IdTokenValidatorTests : IDisposable
{
    private const string Issuer = "https://lms.example.org";
    private const string ClientId = "client-1";
    private const string DeploymentId = "dep-1";
    private const string Nonce = "nonce-1";
    private const string KeyId = "key-1";
    private const string ToolOrigin = "https://pd.example.org";

    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly RSA _key = RSA.Create(2048);
    private readonly ServiceProvider _services;
    private readonly IdTokenValidator _validator;

    private readonly PlatformRegistration _registration = new()
    {
        Id = "registration-1",
        DistrictId = "district-1",
        Issuer = Issuer,
        ClientId = ClientId,
        AuthUrl = Issuer + "/auth",
        TokenUrl = Issuer + "/token",
        JwksUrl = Issuer + "/jwks",
    };

    public IdTokenValidatorTests()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Now))
            .AddSingleton<IHttpClientFactory>(new JwksClientFactory(Jwks(_key)))
            .AddSingleton<PlatformKeyCache>()
            .AddSingleton<IdTokenValidator>()
            .BuildServiceProvider();
        _validator = _services.GetRequiredService<IdTokenValidator>();
    }

    public void Dispose()
    {
        _services.Dispose();
        _key.Dispose();
    }

    [Fact]
    public async Task Validate_ValidPayload_Accepted()
    {
        var (token, failure) = await ValidateAsync(Sign(Payload()));

        Assert.Null(failure);
        Assert.NotNull(token);
        Assert.Equal(KeyId, token.KeyId);
        Assert.Equal(Now.AddMinutes(5), token.ExpiresAt);
        Assert.Equal(["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], token.Request.Roles);
    }

    [Theory]
    [InlineData("iss", "5", "iss is a number; it must be a string")]
    [InlineData("sub", "true", "sub is a boolean; it must be a string")]
    [InlineData("aud", "5", "aud is a number; it must be a string or an array of strings")]
    [InlineData("aud", """{"id":"client-1"}""", "aud is an object; it must be a string or an array of strings")]
    [InlineData("azp", """["client-1"]""", "azp is an array; it must be a string")]
    [InlineData("exp", "\"soon\"", "exp is a string; it must be a NumericDate")]
    [InlineData("exp", "-1", "exp is out of range; a NumericDate must be a number of seconds from 0 to 253402300799")]
    [InlineData("exp", "1e400", "exp is out of range")]
    [InlineData("iat", "[1]", "iat is an array; it must be a NumericDate")]
    [InlineData("nbf", "{}", "nbf is an object; it must be a NumericDate")]
    [InlineData("nonce", "5", "nonce is a number; it must be a string")]
    [InlineData(LtiClaimNames.MessageType, "{}", LtiClaimNames.MessageType + " is an object; it must be a string")]
    [InlineData(LtiClaimNames.Version, "1.3", LtiClaimNames.Version + " is a number; it must be a string")]
    [InlineData(LtiClaimNames.DeploymentId, "17", LtiClaimNames.DeploymentId + " is a number; it must be a string")]
    [InlineData(LtiClaimNames.TargetLinkUri, "false", LtiClaimNames.TargetLinkUri + " is a boolean; it must be a string")]
    [InlineData(LtiClaimNames.Roles, "\"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner\"", LtiClaimNames.Roles + " is a string; it must be an array of role URIs")]
    [InlineData(LtiClaimNames.Roles, "\"\"", LtiClaimNames.Roles + " is a string")]
    [InlineData(LtiClaimNames.Roles, "{}", LtiClaimNames.Roles + " is an object")]
    public async Task Validate_WrongJsonType_ClaimInvalidNamingClaim(string claim, string json, string expectedDetail)
    {
        var (token, failure) = await ValidateAsync(Sign(Payload((claim, json))));

        Assert.Null(token);
        Assert.NotNull(failure);
        Assert.Equal("claim_invalid", failure.Error.Code);
        Assert.StartsWith(expectedDetail, failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_RolesStringDetail_NamesFix()
    {
        var (_, failure) = await ValidateAsync(Sign(Payload((LtiClaimNames.Roles, "\"Learner\""))));

        Assert.Equal(
            LtiClaimNames.Roles + " is a string; it must be an array of role URIs, such as "
            + "[\"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner\"], or [] for no roles",
            failure?.Detail);
    }

    [Theory]
    [InlineData("exp", "exp")]
    [InlineData("iat", "iat")]
    [InlineData("nonce", "nonce")]
    [InlineData(LtiClaimNames.Roles, LtiClaimNames.Roles)]
    public async Task Validate_NullClaim_ClaimMissing(string claim, string expectedDetail)
    {
        var (_, failure) = await ValidateAsync(Sign(Payload((claim, "null"))));

        Assert.Equal("claim_missing", failure?.Error.Code);
        Assert.Equal(expectedDetail, failure?.Detail);
    }

    [Fact]
    public async Task Validate_EmptyRolesArray_Accepted()
    {
        var (token, failure) = await ValidateAsync(Sign(Payload((LtiClaimNames.Roles, "[]"))));

        Assert.Null(failure);
        Assert.NotNull(token);
        Assert.True(token.Request.HasRolesClaim);
        Assert.Empty(token.Request.Roles);
    }

    [Fact]
    public async Task Validate_WrongTypeThenRightDuplicate_LastWins()
    {
        var payload = Payload(("exp", "\"soon\""), ("exp", Seconds(Now.AddMinutes(5))));

        var (token, failure) = await ValidateAsync(Sign(payload));

        Assert.Null(failure);
        Assert.Equal(Now.AddMinutes(5), token?.ExpiresAt);
    }

    [Fact]
    public async Task Validate_RightThenWrongTypeDuplicate_ClaimInvalid()
    {
        var payload = Payload(("exp", Seconds(Now.AddMinutes(5))), ("exp", "\"soon\""));

        var (_, failure) = await ValidateAsync(Sign(payload));

        Assert.Equal("claim_invalid", failure?.Error.Code);
        Assert.StartsWith("exp is a string", failure?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DuplicateIssuerLastOfOtherPlatform_IssuerMismatch()
    {
        var payload = Payload(("iss", $"\"{Issuer}\""), ("iss", "\"https://other.example.org\""));

        var (_, failure) = await ValidateAsync(Sign(payload));

        Assert.Equal("issuer_mismatch", failure?.Error.Code);
    }

    [Fact]
    public async Task Validate_DuplicateIssuerLastOurs_Accepted()
    {
        var payload = Payload(("iss", "\"https://other.example.org\""), ("iss", $"\"{Issuer}\""));

        var (_, failure) = await ValidateAsync(Sign(payload));

        Assert.Null(failure);
    }

    [Fact]
    public async Task Validate_SeveralWrongTypes_FirstInClaimOrderReported()
    {
        var payload = Payload((LtiClaimNames.Roles, "\"Learner\""), ("exp", "\"soon\""), ("iss", "5"));

        var (_, failure) = await ValidateAsync(Sign(payload));

        Assert.Equal("claim_invalid", failure?.Error.Code);
        Assert.StartsWith("iss is a number", failure?.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "the header is not one JSON object in base64url")]
    [InlineData(1, "the payload is not base64url")]
    [InlineData(2, "the signature is not base64url")]
    public async Task Validate_PartNotBase64Url_IdTokenMalformed(int part, string expectedDetail)
    {
        var parts = Sign(Payload()).Split('.');
        parts[part] = parts[part][..10] + "*" + parts[part][11..];

        var (_, failure) = await ValidateAsync(string.Join('.', parts));

        Assert.Equal("id_token_malformed", failure?.Error.Code);
        Assert.Equal(expectedDetail, failure?.Detail);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("a.b.c.d.e")]
    [InlineData("")]
    public async Task Validate_NotThreeParts_IdTokenMalformed(string idToken)
    {
        var (_, failure) = await ValidateAsync(idToken);

        Assert.Equal("id_token_malformed", failure?.Error.Code);
    }

    [Fact]
    public async Task Validate_PayloadNotJson_IdTokenMalformed()
    {
        var (_, failure) = await ValidateAsync(Sign("""{"iss":"a",}"""));

        Assert.Equal("id_token_malformed", failure?.Error.Code);
        Assert.StartsWith("the payload is not valid JSON: ", failure?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TokenOver256000Characters_IdTokenTooLarge()
    {
        var huge = Sign(Payload(("padding", "\"" + new string('p', 192_000) + "\"")));
        Assert.InRange(huge.Length, 256_001, 260_000);

        var (_, failure) = await ValidateAsync(huge);

        Assert.Equal("id_token_too_large", failure?.Error.Code);
        Assert.Equal($"{huge.Length} characters", failure?.Detail);
    }

    [Fact]
    public async Task Validate_LargeUnknownClaimUnderLimit_Accepted()
    {
        var large = Sign(Payload(("padding", "{\"a\":[\"" + new string('p', 150_000) + "\",1,{\"b\":null}]}")));
        Assert.InRange(large.Length, 200_000, 256_000);

        var (token, failure) = await ValidateAsync(large);

        Assert.Null(failure);
        Assert.NotNull(token);
    }

    private Task<(ValidatedIdToken? Token, LaunchFailure? Failure)> ValidateAsync(string idToken)
    {
        var login = new LoginState("state-1", Nonce, _registration.Id, DeploymentId, ToolOrigin + "/app", "binding", Now.AddMinutes(10));
        return _validator.ValidateAsync(idToken, login, _registration, new ToolUrls(ToolOrigin), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A valid resource link payload as JSON text. Each change replaces the member of that name in
    /// place the first time the name comes up, and is appended as a duplicate after that.
    /// </summary>
    private static string Payload(params (string Name, string Json)[] changes)
    {
        var members = new List<(string Name, string Json)>
        {
            ("iss", $"\"{Issuer}\""),
            ("sub", "\"user-1\""),
            ("aud", $"\"{ClientId}\""),
            ("azp", $"\"{ClientId}\""),
            ("exp", Seconds(Now.AddMinutes(5))),
            ("iat", Seconds(Now)),
            ("nonce", $"\"{Nonce}\""),
            (LtiClaimNames.MessageType, $"\"{LtiMessageTypes.ResourceLinkRequest}\""),
            (LtiClaimNames.Version, "\"1.3.0\""),
            (LtiClaimNames.DeploymentId, $"\"{DeploymentId}\""),
            (LtiClaimNames.TargetLinkUri, $"\"{ToolOrigin}/app\""),
            (LtiClaimNames.Roles, "[\"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner\"]"),
            (LtiClaimNames.ResourceLink, "{\"id\":\"link-1\"}"),
        };
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, json) in changes)
        {
            var index = members.FindIndex(member => member.Name == name);
            if (index >= 0 && replaced.Add(name))
            {
                members[index] = (name, json);
            }
            else
            {
                members.Add((name, json));
            }
        }

        return "{" + string.Join(",", members.Select(member => $"\"{member.Name}\":{member.Json}")) + "}";
    }

    private static string Seconds(DateTimeOffset instant) => instant.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Sign(string payloadJson)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"RS256","typ":"JWT","kid":"{{KeyId}}"}"""));
        var signingInput = header + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string Jwks(RSA key)
    {
        var parameters = key.ExportParameters(false);
        return $$"""
            {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{KeyId}}","n":"{{Base64Url.EncodeToString(parameters.Modulus)}}","e":"{{Base64Url.EncodeToString(parameters.Exponent)}}"}]}
            """;
    }

    /// <summary>Serves one JWKS document from memory to the key cache.</summary>
    private sealed class JwksClientFactory(string jwks) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new JwksHandler(jwks));

        private sealed class JwksHandler(string jwks) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(jwks, Encoding.UTF8, "application/json") });
        }
    }
}
