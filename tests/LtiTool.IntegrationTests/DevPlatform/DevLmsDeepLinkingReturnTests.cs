using System.Net;
using System.Text.Json;
using LtiPd.LtiTool.DevPlatform;
using LtiPd.LtiTool.Jwks;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

public sealed class DevLmsDeepLinkingReturnTests
{
    private const string DeepLinking = "https://purl.imsglobal.org/spec/lti-dl/claim/";

    [Theory]
    [DatabaseData]
    public async Task Return_SignedResponse_AddsPlacements(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken, provider: provider);
        using var client = host.CreateClient();
        var data = await RequestDeepLinkingDataAsync(host, client, cancellationToken);
        var jwt = await CreateResponseAsync(host, data, cancellationToken);

        using var response = await PostReturnAsync(client, jwt, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The tool returned 2 content items.", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Coaching cycle: plan</strong> (ltiResourceLink)", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Literacy routines</strong> (ltiResourceLink)", html, StringComparison.Ordinal);
        var placed = (await host.Services.GetRequiredService<DevPlacementStore>().ListAsync(cancellationToken)).Skip(SandboxCourse.ResourceLinks.Count).ToList();
        Assert.Equal(["Coaching cycle: plan", "Literacy routines"], placed.Select(link => link.Title));
        Assert.Null(placed[0].LineItemId);
        var lineItem = await host.Services.GetRequiredService<DevGradebook>().FindLineItemAsync("pd-sandbox", placed[1].LineItemId!, cancellationToken);
        Assert.Equal(100, lineItem!.ScoreMaximum);
        Assert.Equal(placed[1].Id, lineItem.ResourceLinkId);
        Assert.Equal("/app", placed[1].ToolPath);
    }

    [Fact]
    public async Task Return_AlteredData_IsRejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var jwt = await CreateResponseAsync(host, "made-up-data", cancellationToken);

        using var response = await PostReturnAsync(client, jwt, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data is missing, expired or altered", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_WrongAudience_IsRejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var data = await RequestDeepLinkingDataAsync(host, client, cancellationToken);
        var jwt = await CreateResponseAsync(host, data, cancellationToken, audience: "https://canvas.example.org");

        using var response = await PostReturnAsync(client, jwt, cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Return_SameResponseTwice_SecondRejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var data = await RequestDeepLinkingDataAsync(host, client, cancellationToken);
        var jwt = await CreateResponseAsync(host, data, cancellationToken);

        using var first = await PostReturnAsync(client, jwt, cancellationToken);
        using var replay = await PostReturnAsync(client, jwt, cancellationToken);
        var html = await replay.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("The nonce of this response was used by an earlier deep linking response", html, StringComparison.Ordinal);
        var placed = (await host.Services.GetRequiredService<DevPlacementStore>().ListAsync(cancellationToken)).Skip(SandboxCourse.ResourceLinks.Count);
        Assert.Equal(2, placed.Count());
    }

    [Fact]
    public async Task Return_FreshNonceReusedJti_Rejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var data = await RequestDeepLinkingDataAsync(host, client, cancellationToken);
        var jwtId = Guid.NewGuid().ToString("N");

        using var first = await PostReturnAsync(client, await CreateResponseAsync(host, data, cancellationToken, jwtId: jwtId), cancellationToken);
        using var replay = await PostReturnAsync(client, await CreateResponseAsync(host, data, cancellationToken, jwtId: jwtId), cancellationToken);
        using var fresh = await PostReturnAsync(client, await CreateResponseAsync(host, data, cancellationToken, jwtId: Guid.NewGuid().ToString("N")), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("The jti of this response was used by an earlier deep linking response", await replay.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    private static async Task<string> RequestDeepLinkingDataAsync(DevLmsHost host, HttpClient client, CancellationToken cancellationToken)
    {
        var login = await DevLmsCalls.GetLoginFieldsAsync(client, "dev-leader-priya", "placement-add-pd", cancellationToken);
        var html = await client.GetStringAsync(
            new Uri(QueryHelpers.AddQueryString("/devlms/auth", DevLmsCalls.AuthenticationRequest(host, login)), UriKind.Relative), cancellationToken);
        var idToken = new JsonWebToken(DevLmsCalls.ReadForm(html).Fields["id_token"]);
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.EncodedPayload));
        return payload.RootElement.GetProperty(DeepLinking + "deep_linking_settings").GetProperty("data").GetString()!;
    }

    private static async Task<string> CreateResponseAsync(
        DevLmsHost host, string data, CancellationToken cancellationToken, string? audience = null, string? jwtId = null)
    {
        var credentials = await host.Services.GetRequiredService<ToolKeyStore>().GetSigningCredentialsAsync(cancellationToken);
        var items = new object[]
        {
            new { type = "ltiResourceLink", title = "Coaching cycle: plan", url = $"{host.LoopbackOrigin}app" },
            new { type = "ltiResourceLink", title = "Literacy routines", url = $"{host.LoopbackOrigin}app", lineItem = new { scoreMaximum = 100, label = "Literacy routines" } },
        };
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = DevLmsCalls.ClientId,
            Audience = audience ?? host.Issuer,
            IssuedAt = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["nonce"] = Guid.NewGuid().ToString("N"),
                ["https://purl.imsglobal.org/spec/lti/claim/message_type"] = "LtiDeepLinkingResponse",
                ["https://purl.imsglobal.org/spec/lti/claim/version"] = "1.3.0",
                ["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = "dev-deployment-1",
                [DeepLinking + "data"] = data,
                [DeepLinking + "content_items"] = JsonSerializer.SerializeToElement(items),
            },
            SigningCredentials = credentials,
        };
        if (jwtId is not null)
        {
            descriptor.Claims["jti"] = jwtId;
        }

        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static Task<HttpResponseMessage> PostReturnAsync(HttpClient client, string jwt, CancellationToken cancellationToken) =>
        client.PostAsync(
            new Uri("/devlms/deep-linking/return", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["JWT"] = jwt }),
            cancellationToken);
}
