using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

public sealed class DevLmsTokenTests
{
    private const string ScoreScope = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    private const string NrpsScope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

    [Fact]
    public async Task Token_ValidAssertion_IssuesBearerToken()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var assertion = await DevLmsCalls.CreateClientAssertionAsync(host, cancellationToken);

        using var response = await DevLmsCalls.RequestTokenAsync(client, assertion, $"{ScoreScope} {NrpsScope}", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal($"{ScoreScope} {NrpsScope}", body.GetProperty("scope").GetString());
        Assert.NotEmpty(body.GetProperty("access_token").GetString()!);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Token_AssertionForIssuerAudience_IsAccepted()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var assertion = await DevLmsCalls.CreateClientAssertionAsync(host, cancellationToken, audience: host.Issuer);

        using var response = await DevLmsCalls.RequestTokenAsync(client, assertion, ScoreScope, cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_ReplayedAssertion_RejectsAsInvalidClient()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var assertion = await DevLmsCalls.CreateClientAssertionAsync(host, cancellationToken);
        using var first = await DevLmsCalls.RequestTokenAsync(client, assertion, ScoreScope, cancellationToken);

        using var replay = await DevLmsCalls.RequestTokenAsync(client, assertion, ScoreScope, cancellationToken);
        var body = await replay.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Contains("already used", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_UnpublishedKey_IsInvalidClient()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        using var otherKey = RSA.Create(2048);
        var credentials = new SigningCredentials(new RsaSecurityKey(otherKey) { KeyId = "not-published" }, SecurityAlgorithms.RsaSha256);
        var assertion = DevLmsCalls.CreateClientAssertion(credentials, host.Issuer + "/token");

        using var response = await DevLmsCalls.RequestTokenAsync(client, assertion, ScoreScope, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("grant_type", "authorization_code", "unsupported_grant_type", HttpStatusCode.BadRequest)]
    [InlineData("client_assertion_type", "urn:example:other", "invalid_client", HttpStatusCode.Unauthorized)]
    [InlineData("scope", "https://purl.imsglobal.org/spec/lti-ags/scope/everything", "invalid_scope", HttpStatusCode.BadRequest)]
    [InlineData("scope", "", "invalid_scope", HttpStatusCode.BadRequest)]
    [InlineData("client_assertion", "", "invalid_client", HttpStatusCode.Unauthorized)]
    [InlineData("client_assertion", "not.a.jwt", "invalid_client", HttpStatusCode.Unauthorized)]
    public async Task Token_InvalidRequest_ReturnsOAuthError(string field, string value, string expectedError, HttpStatusCode expectedStatus)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = await DevLmsCalls.CreateClientAssertionAsync(host, cancellationToken),
            ["scope"] = ScoreScope,
        };
        form[field] = value;

        using var response = await client.PostAsync(new Uri("/devlms/token", UriKind.Relative), new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        Assert.Equal(expectedStatus, response.StatusCode);
        Assert.Equal(expectedError, body.GetProperty("error").GetString());
    }
}
