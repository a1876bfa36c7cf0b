using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Platforms;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace LtiPd.LtiTool.IntegrationTests.Registration;

/// <summary>
/// LTI Dynamic Registration against WireMock playing Moodle and Canvas. The tool runs in
/// Development, where plain http to 127.0.0.1 is allowed, as the mocks need.
/// </summary>
public sealed partial class DynamicRegistrationTests
{
    private const string ToolConfiguration = "https://purl.imsglobal.org/spec/lti-tool-configuration";

    [Fact]
    public async Task Moodle_Registration_StoresPendingDeployment()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var platform = LoopbackWireMock.Start();
        PlatformMocks.ServeMoodle(platform);
        using var client = host.CreateClient();

        var (confirm, closed) = await RegisterAsync(client, platform.Url + PlatformMocks.MoodleConfigurationPath, cancellationToken);

        Assert.Contains($"<dd data-testid=\"issuer\">{platform.Url}</dd>", confirm, StringComparison.Ordinal);
        Assert.Contains("postMessage({ subject: 'org.imsglobal.lti.close' }, '*')", closed, StringComparison.Ordinal);
        var registry = host.Services.GetRequiredService<PlatformRegistry>();
        var registration = await registry.FindAsync(platform.Url!, "Xk3pQ9vT2mLr7Aa", cancellationToken);
        Assert.NotNull(registration);
        Assert.Equal("dynamic", registration.Source);
        Assert.Equal(platform.Url + "/mod/lti/auth.php", registration.AuthUrl);
        Assert.Equal(platform.Url + "/mod/lti/token.php", registration.TokenUrl);
        Assert.Equal(platform.Url + "/mod/lti/certs.php", registration.JwksUrl);
        Assert.Null(registration.TokenAudience);
        Assert.Equal(DeploymentStatus.Pending, await registry.GetDeploymentStatusAsync(registration.Id, "7", cancellationToken));
        Assert.Contains($"platform approve-deployment {registration.Id} 7", closed, StringComparison.Ordinal);

        // Both calls carried the registration token; the posted configuration fits Moodle.
        Assert.All(platform.LogEntries, entry => Assert.Equal("Bearer " + PlatformMocks.Token, entry.RequestMessage.Headers!["Authorization"].Single()));
        var body = RegistrationBody(platform, "/mod/lti/openid-registration.php");
        Assert.Equal($"{host.LoopbackOrigin}lti/login", (string?)body["initiate_login_uri"]);
        Assert.Equal($"{host.LoopbackOrigin}lti/launch", (string?)body["redirect_uris"]![0]);
        Assert.Equal($"{host.LoopbackOrigin}.well-known/jwks.json", (string?)body["jwks_uri"]);
        Assert.Equal("private_key_jwt", (string?)body["token_endpoint_auth_method"]);
        Assert.Equal(
            "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly " +
            "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly https://purl.imsglobal.org/spec/lti-ags/scope/score " +
            "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
            (string?)body["scope"]);
        var messages = body[ToolConfiguration]!["messages"]!.AsArray();
        Assert.Equal(["LtiResourceLinkRequest", "LtiDeepLinkingRequest"], messages.Select(message => (string?)message!["type"]));
        Assert.All(messages, message => Assert.Equal("AddContentMenu", (string?)message!["placements"]![0]));
        Assert.Null(body[ToolConfiguration]!["https://canvas.instructure.com/lti/privacy_level"]);
    }

    [Fact]
    public async Task Canvas_Registration_AsksForPublicPrivacyLevel()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var platform = LoopbackWireMock.Start();
        PlatformMocks.ServeCanvas(platform);
        using var client = host.CreateClient();

        await RegisterAsync(client, platform.Url + PlatformMocks.CanvasConfigurationPath, cancellationToken);

        var registry = host.Services.GetRequiredService<PlatformRegistry>();
        var registration = await registry.FindAsync(platform.Url!, "10000000000042", cancellationToken);
        Assert.NotNull(registration);
        Assert.Equal(platform.Url!.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), registration.TokenAudience);
        Assert.Equal(DeploymentStatus.Pending, await registry.GetDeploymentStatusAsync(registration.Id, "123:8865aa05b4b79b64a91a86042e43af5ea8ae79eb", cancellationToken));
        var districts = await registry.ListAsync(cancellationToken);
        Assert.Contains(districts, entry => entry.Id == registration.Id);

        var lti = RegistrationBody(platform, "/api/lti/registrations")[ToolConfiguration]!;
        Assert.Equal("public", (string?)lti["https://canvas.instructure.com/lti/privacy_level"]);
        Assert.Equal("$Canvas.account.id", (string?)lti["custom_parameters"]!["school_id"]);
        var messages = lti["messages"]!.AsArray();
        Assert.Equal(["course_navigation"], messages[0]!["placements"]!.AsArray().Select(node => (string?)node));
        Assert.Equal(["assignment_selection", "link_selection"], messages[1]!["placements"]!.AsArray().Select(node => (string?)node));
        Assert.Equal(new[] { "iss", "sub", "name", "given_name", "family_name", "email" }, lti["claims"]!.AsArray().Select(node => (string?)node));
    }

    [Fact]
    public async Task Registration_IssuerOnOtherHost_IsRejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var platform = LoopbackWireMock.Start();
        PlatformMocks.ServeMoodle(platform, issuer: "https://moodle.other-district.example.org");
        using var client = host.CreateClient();

        using var response = await client.GetAsync(StartUrl(platform.Url + PlatformMocks.MoodleConfigurationPath), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("moodle.other-district.example.org", html, StringComparison.Ordinal);
        Assert.Contains("is not on the host of its configuration URL", html, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.LogEntries, entry => entry.RequestMessage.Method == "POST");
    }

    [Theory]
    [InlineData("http://lms.district.example.org/mod/lti/openid-configuration.php", "does not use https")]
    [InlineData("https://admin:secret@lms.district.example.org/config", "is not an absolute URL without user information")]
    [InlineData("file:///etc/passwd", "does not use https")]
    public async Task Registration_UnsafeConfigurationUrl_IsNotFetched(string configurationUrl, string expected)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(StartUrl(configurationUrl), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_OversizedConfiguration_IsRejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var platform = LoopbackWireMock.Start();
        platform.Given(Request.Create().WithPath("/big").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[" + new string(' ', 300_000) + "]"));
        using var client = host.CreateClient();

        using var response = await client.GetAsync(StartUrl(platform.Url + "/big"), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("the response is larger than 262144 bytes", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_RedirectingConfiguration_IsNotFollowed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var platform = LoopbackWireMock.Start();
        platform.Given(Request.Create().WithPath("/moved").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "http://169.254.169.254/latest/meta-data"));
        using var client = host.CreateClient();

        using var response = await client.GetAsync(StartUrl(platform.Url + "/moved"), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("HTTP 302", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_AlteredForm_IsRejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();

        using var response = await client.PostAsync(
            new Uri("/lti/register", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["registration"] = "made-up" }),
            cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This registration form has expired or was changed.", await response.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
    }

    private static async Task<(string Confirm, string Closed)> RegisterAsync(HttpClient client, string configurationUrl, CancellationToken cancellationToken)
    {
        using var start = await client.GetAsync(StartUrl(configurationUrl), cancellationToken);
        var confirm = await start.Content.ReadAsStringAsync(cancellationToken);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);

        var payload = System.Net.WebUtility.HtmlDecode(PayloadField().Match(confirm).Groups[1].Value);
        using var complete = await client.PostAsync(
            new Uri("/lti/register", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["registration"] = payload }),
            cancellationToken);
        var closed = await complete.Content.ReadAsStringAsync(cancellationToken);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        return (confirm, closed);
    }

    private static Uri StartUrl(string configurationUrl) => new(
        QueryHelpers.AddQueryString("/lti/register", new Dictionary<string, string?>
        {
            ["openid_configuration"] = configurationUrl,
            ["registration_token"] = PlatformMocks.Token,
        }),
        UriKind.Relative);

    private static JsonNode RegistrationBody(WireMockServer platform, string path)
    {
        var post = Assert.Single(platform.LogEntries, entry => entry.RequestMessage.Method == "POST" && entry.RequestMessage.Path == path);
        return JsonNode.Parse(post.RequestMessage.Body!)!;
    }

    [GeneratedRegex("name=\"registration\" value=\"([^\"]*)\"")]
    private static partial Regex PayloadField();
}
