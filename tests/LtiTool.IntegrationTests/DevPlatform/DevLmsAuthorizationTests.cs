using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

public sealed class DevLmsAuthorizationTests
{
    private const string Lti = "https://purl.imsglobal.org/spec/lti/claim/";

    [Fact]
    public async Task Launch_PostsLoginToOtherLoopbackHost()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = new HttpClient { BaseAddress = host.LocalhostOrigin };

        var html = await client.GetStringAsync(new Uri("/devlms/launch?person=dev-teacher-maya&link=pd-activity-coaching", UriKind.Relative), cancellationToken);
        var (action, fields) = DevLmsCalls.ReadForm(html);

        Assert.Equal($"{host.LoopbackOrigin}lti/login", action);
        Assert.Equal(host.Issuer, fields["iss"]);
        Assert.Equal($"http://localhost:{host.Port}/devlms", fields["iss"]);
        Assert.Equal("dev-teacher-maya", fields["login_hint"]);
        Assert.Equal($"{host.LoopbackOrigin}app", fields["target_link_uri"]);
        Assert.Equal(DevLmsCalls.ClientId, fields["client_id"]);
        Assert.Equal("dev-deployment-1", fields["lti_deployment_id"]);
        Assert.NotEmpty(fields["lti_message_hint"]);
    }

    [Fact]
    public async Task Auth_ResourceLink_PostsFullClaimSet()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var login = await DevLmsCalls.GetLoginFieldsAsync(client, "dev-leader-priya", "pd-activity-literacy", cancellationToken);

        var (action, fields) = await AuthorizeAsync(client, DevLmsCalls.AuthenticationRequest(host, login), cancellationToken);
        using var claims = await ValidateIdTokenAsync(host, client, fields["id_token"], cancellationToken);
        var root = claims.RootElement;

        Assert.Equal($"{host.LoopbackOrigin}lti/launch", action);
        Assert.Equal("state-1", fields["state"]);
        Assert.Equal(host.Issuer, root.GetProperty("iss").GetString());
        Assert.Equal(DevLmsCalls.ClientId, root.GetProperty("aud").GetString());
        Assert.Equal("dev-leader-priya", root.GetProperty("sub").GetString());
        Assert.Equal("nonce-1", root.GetProperty("nonce").GetString());
        Assert.Equal("Priya Raman", root.GetProperty("name").GetString());
        Assert.Equal("priya.raman@sandbox.example.org", root.GetProperty("email").GetString());
        Assert.Equal("LtiResourceLinkRequest", root.GetProperty(Lti + "message_type").GetString());
        Assert.Equal("1.3.0", root.GetProperty(Lti + "version").GetString());
        Assert.Equal("dev-deployment-1", root.GetProperty(Lti + "deployment_id").GetString());
        Assert.Equal($"{host.LoopbackOrigin}app", root.GetProperty(Lti + "target_link_uri").GetString());
        Assert.Equal("pd-activity-literacy", root.GetProperty(Lti + "resource_link").GetProperty("id").GetString());
        Assert.Equal(
            [
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
                "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
                "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty",
                "http://purl.imsglobal.org/vocab/lis/v2/system/person#User",
            ],
            root.GetProperty(Lti + "roles").EnumerateArray().Select(role => role.GetString()));
        Assert.Equal("pd-sandbox", root.GetProperty(Lti + "context").GetProperty("id").GetString());
        Assert.Equal("PD Sandbox", root.GetProperty(Lti + "context").GetProperty("title").GetString());
        Assert.Equal("ltipd-dev-platform", root.GetProperty(Lti + "tool_platform").GetProperty("guid").GetString());
        Assert.Equal("iframe", root.GetProperty(Lti + "launch_presentation").GetProperty("document_target").GetString());
        Assert.Equal("structured-literacy", root.GetProperty(Lti + "custom").GetProperty("pd_activity").GetString());

        var ags = root.GetProperty("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint");
        Assert.Equal($"{host.Issuer}/courses/pd-sandbox/line_items", ags.GetProperty("lineitems").GetString());
        Assert.Equal($"{host.Issuer}/courses/pd-sandbox/line_items/line-item-literacy", ags.GetProperty("lineitem").GetString());
        Assert.Contains("https://purl.imsglobal.org/spec/lti-ags/scope/score", ags.GetProperty("scope").EnumerateArray().Select(scope => scope.GetString()));
        var nrps = root.GetProperty("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice");
        Assert.Equal($"{host.Issuer}/courses/pd-sandbox/names_and_roles", nrps.GetProperty("context_memberships_url").GetString());
        Assert.Equal("2.0", nrps.GetProperty("service_versions")[0].GetString());
        Assert.False(root.TryGetProperty("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings", out _));
    }

    [Fact]
    public async Task Auth_DeepLinkingPlacement_SendsDeepLinkingSettings()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var login = await DevLmsCalls.GetLoginFieldsAsync(client, "dev-leader-priya", "placement-add-pd", cancellationToken);

        var (_, fields) = await AuthorizeAsync(client, DevLmsCalls.AuthenticationRequest(host, login), cancellationToken);
        using var claims = await ValidateIdTokenAsync(host, client, fields["id_token"], cancellationToken);
        var root = claims.RootElement;

        Assert.Equal("LtiDeepLinkingRequest", root.GetProperty(Lti + "message_type").GetString());
        Assert.Equal($"{host.LoopbackOrigin}app/deep-linking", root.GetProperty(Lti + "target_link_uri").GetString());
        var settings = root.GetProperty("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings");
        Assert.Equal($"http://localhost:{host.Port}/devlms/deep-linking/return", settings.GetProperty("deep_link_return_url").GetString());
        Assert.Equal(["ltiResourceLink", "link"], settings.GetProperty("accept_types").EnumerateArray().Select(type => type.GetString()));
        Assert.NotEmpty(settings.GetProperty("data").GetString()!);
        Assert.False(root.TryGetProperty(Lti + "resource_link", out _));
        Assert.False(root.GetProperty("https://purl.imsglobal.org/spec/lti-ags/claim/endpoint").TryGetProperty("lineitem", out _));
    }

    [Theory]
    [InlineData("redirect_uri", "http://127.0.0.1:1/lti/launch")]
    [InlineData("redirect_uri", "https://attacker.example/lti/launch")]
    [InlineData("client_id", "someone-else")]
    public async Task Auth_UnregisteredClientOrRedirect_RejectsWithoutRedirect(string parameter, string value)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var login = await DevLmsCalls.GetLoginFieldsAsync(client, "dev-teacher-maya", "pd-activity-coaching", cancellationToken);
        var request = DevLmsCalls.AuthenticationRequest(host, login);
        request[parameter] = value;

        using var response = await client.GetAsync(new Uri(QueryHelpers.AddQueryString("/devlms/auth", request), UriKind.Relative), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Contains(WebUtilityEncode(value), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prompt", "login", "invalid_request")]
    [InlineData("response_type", "code", "unsupported_response_type")]
    [InlineData("response_mode", "fragment", "invalid_request")]
    [InlineData("scope", "profile", "invalid_scope")]
    [InlineData("nonce", "", "invalid_request")]
    [InlineData("login_hint", "dev-admin-dana", "login_required")]
    [InlineData("lti_message_hint", "altered", "invalid_request")]
    public async Task Auth_InvalidRequest_PostsErrorToTool(string parameter, string value, string expectedError)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        var login = await DevLmsCalls.GetLoginFieldsAsync(client, "dev-teacher-maya", "pd-activity-coaching", cancellationToken);
        var request = DevLmsCalls.AuthenticationRequest(host, login);
        request[parameter] = value;

        var (action, fields) = await AuthorizeAsync(client, request, cancellationToken);

        Assert.Equal($"{host.LoopbackOrigin}lti/launch", action);
        Assert.Equal(expectedError, fields["error"]);
        Assert.Equal("state-1", fields["state"]);
        Assert.False(fields.ContainsKey("id_token"));
    }

    private static async Task<(string Action, Dictionary<string, string> Fields)> AuthorizeAsync(
        HttpClient client, Dictionary<string, string?> request, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(QueryHelpers.AddQueryString("/devlms/auth", request), UriKind.Relative), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DevLmsCalls.ReadForm(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task<JsonDocument> ValidateIdTokenAsync(DevLmsHost host, HttpClient client, string idToken, CancellationToken cancellationToken)
    {
        var jwks = new JsonWebKeySet(await client.GetStringAsync(new Uri("/devlms/jwks", UriKind.Relative), cancellationToken));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = host.Issuer,
            ValidAudience = DevLmsCalls.ClientId,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("RS256", ((JsonWebToken)result.SecurityToken).Alg);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(((JsonWebToken)result.SecurityToken).EncodedPayload));
    }

    private static string WebUtilityEncode(string value) => System.Text.Encodings.Web.HtmlEncoder.Default.Encode(value);
}
