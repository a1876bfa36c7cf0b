using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>
/// Oversized, slow and hostile input at the login and launch endpoints: each gets a clear 4xx or
/// 502 with a reason code, never a database error or an unbounded wait.
/// </summary>
public sealed class HardeningTests
{
    [Theory]
    [DatabaseData]
    public async Task Login_OversizedParameters_RejectedNamingParameter(DatabaseProvider provider)
    {
        await using var host = await LtiToolHost.StartAsync(provider);
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();

        using var longDeployment = await browser.SendLoginAsync(platform.Login(new string('D', 300)), HttpMethod.Get);
        using var longTarget = await browser.SendLoginAsync(
            platform.Login() with { TargetLinkUri = LtiToolHost.LaunchUrl + "?x=" + new string('a', 600) }, HttpMethod.Get);
        using var controlCharacter = await browser.SendLoginAsync(platform.Login("dep\u0000loy"), HttpMethod.Post);

        Assert.Equal(HttpStatusCode.BadRequest, longDeployment.StatusCode);
        Assert.Equal("login_parameter_invalid", Reason(longDeployment));
        Assert.Contains("lti_deployment_id has 300 characters", await longDeployment.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longTarget.StatusCode);
        Assert.Equal("login_parameter_invalid", Reason(longTarget));
        Assert.Equal(HttpStatusCode.BadRequest, controlCharacter.StatusCode);
        Assert.Equal("login_parameter_invalid", Reason(controlCharacter));
    }

    [Theory]
    [DatabaseData]
    public async Task Launch_LongNamesAndNul_StoredShortened(DatabaseProvider provider)
    {
        await using var host = await LtiToolHost.StartAsync(provider);
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync(token => token
            .With("name", new string('N', 1000) + "\u0000")
            .With("email", new string('e', 600) + "@example.org")
            .With(LtiClaimNames.ResourceLink, new JsonObject { ["id"] = "link-1", ["title"] = "Title\u0000with NUL" }));

        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        var session = Assert.Single(await host.Database.Database.SessionsAsync(platform.RegistrationId));
        Assert.Equal(512, session.UserName!.Length);
        Assert.Null(session.Email);
        Assert.Equal("Titlewith NUL", session.ResourceLinkTitle);
    }

    [Theory]
    [InlineData("context")]
    [InlineData("resource_link")]
    public async Task Launch_OversizedPlatformId_ClaimInvalid(string claim)
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync(token => token.With(
            "https://purl.imsglobal.org/spec/lti/claim/" + claim, new JsonObject { ["id"] = new string('i', 256) }));

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("claim_invalid", Reason(launch));
        Assert.Equal(0, await host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Fact]
    public async Task Login_ManyUnseenDeployments_PendingCapped()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();

        for (var i = 0; i < PlatformRegistry.MaxPendingDeployments + 5; i++)
        {
            using var response = await browser.SendLoginAsync(platform.Login($"unseen-{i}"), HttpMethod.Post);
            Assert.Equal("deployment_pending", Reason(response));
        }

        await using var connection = await host.Database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var pending = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM platform_deployments WHERE registration_id = @Id AND status = 'Pending'", new { Id = platform.RegistrationId });
        Assert.Equal(PlatformRegistry.MaxPendingDeployments, pending);
    }

    [Fact]
    public async Task Launch_FromOtherBrowser_LeavesStateUsable()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());
        using var otherBrowser = host.NewBrowser();

        using var stolen = await otherBrowser.LaunchAsync(login, platform.Token(login).Build());
        using var real = await attempt.LaunchAsync(login);

        Assert.Equal("state_cookie_missing", Reason(stolen));
        Assert.Equal(HttpStatusCode.SeeOther, real.StatusCode);
    }

    [Fact]
    public async Task Launch_ErrorDescriptionWithNewlines_LoggedOnOneLine()
    {
        await using var host = await LtiToolHost.StartAsync();
        using var browser = host.NewBrowser();

        using var response = await browser.LaunchAsync(new Dictionary<string, string>
        {
            ["error"] = "login_required",
            ["error_description"] = "a\r\nINFO: forged line",
        });

        Assert.Equal("platform_error", Reason(response));
        var entry = Assert.Single(host.Logs.Entries, entry => entry.EventId.Id == 1011);
        Assert.DoesNotContain('\n', entry.Message);
        Assert.DoesNotContain('\r', entry.Message);
        Assert.Contains("INFO: forged line", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_IdTokenOver250000Characters_TooLargeReason()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync(token => token.With("padding", new string('p', 260_000)));

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("id_token_too_large", Reason(launch));
    }

    [Theory]
    [InlineData("invalid UTF-8", "the payload is not valid UTF-8")]
    [InlineData("65 levels deep", "the payload is not valid JSON: ")]
    [InlineData("two JSON values", "the payload is not valid JSON: ")]
    [InlineData("a JSON array", "the payload is not a JSON object")]
    public async Task Launch_SignedPayloadNotJsonObject_Malformed(string payload, string expectedDetail)
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync(token => token.WithPayloadBytes(json => payload switch
        {
            "invalid UTF-8" => [.. Encoding.UTF8.GetBytes(json[..^1] + ",\"note\":\""), 0xC0, 0xAF, .. "\"}"u8],
            "65 levels deep" => Encoding.UTF8.GetBytes(json[..^1] + ",\"deep\":" + new string('[', 64) + new string(']', 64) + "}"),
            "two JSON values" => Encoding.UTF8.GetBytes(json + json),
            _ => Encoding.UTF8.GetBytes("[" + json + "]"),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("id_token_malformed", Reason(launch));
        Assert.Contains(expectedDetail, await launch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var rejection = Assert.Single(host.Logs.Entries, entry => entry.Message.Contains("id_token_malformed", StringComparison.Ordinal));
        Assert.Contains(expectedDetail, rejection.Message, StringComparison.Ordinal);
        Assert.Equal(0, await host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Fact]
    public async Task Launch_RolesAsSingleString_RejectedNamingClaimAndFix()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync(token => token.With(
            LtiClaimNames.Roles, "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"));

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("claim_invalid", Reason(launch));
        var page = await launch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(LtiClaimNames.Roles + " is a string; it must be an array of role URIs", page, StringComparison.Ordinal);
        Assert.Contains("or [] for no roles", page, StringComparison.Ordinal);
        Assert.Equal(0, await host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Fact]
    public async Task Launch_ExpAsString_ClaimInvalidNamingExp()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync(token => token.With("exp", "soon"));

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("claim_invalid", Reason(launch));
        var page = await launch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("exp is a string; it must be a NumericDate", page, StringComparison.Ordinal);
        var rejection = Assert.Single(host.Logs.Entries, entry => entry.Message.Contains("claim_invalid", StringComparison.Ordinal));
        Assert.Contains("exp is a string", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(0, await host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Theory]
    [InlineData("/app/deep-linking")]
    [InlineData("/app/review")]
    public async Task LeaderPage_Learner_Forbidden(string path)
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);
        using var launch = await attempt.LaunchAsync(token => token.With(
            LtiClaimNames.Roles, new JsonArray("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")));

        using var page = await attempt.Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task Launch_JwksLargerThanLimit_BadGateway()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        var hugeKeySet = "{\"keys\":[],\"padding\":\"" + new string('x', 300 * 1024) + "\"}";
        host.PlatformServer.Given(Request.Create().WithPath("/huge/jwks").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(hugeKeySet));
        await PointJwksAtAsync(host, platform, "/huge/jwks");
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync();

        Assert.Equal(HttpStatusCode.BadGateway, launch.StatusCode);
        Assert.Equal("jwks_unavailable", Reason(launch));
        Assert.Contains(host.Logs.Entries, entry => entry.EventId.Id == 1203);
    }

    [Fact]
    public async Task Launch_JwksHangs_BadGatewayNotServerError()
    {
        await using var host = await LtiToolHost.StartAsync(settings: _ => new Dictionary<string, string?>
        {
            ["Lti:JwksTimeoutSeconds"] = "3",
        });
        var platform = await host.RegisterPlatformAsync();
        host.PlatformServer.Given(Request.Create().WithPath("/slow/jwks").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"keys\":[]}").WithDelay(TimeSpan.FromSeconds(30)));
        await PointJwksAtAsync(host, platform, "/slow/jwks");
        using var attempt = new LaunchAttempt(host, platform);

        using var launch = await attempt.LaunchAsync();

        Assert.Equal(HttpStatusCode.BadGateway, launch.StatusCode);
        Assert.Equal("jwks_unavailable", Reason(launch));
    }

    [Fact]
    public async Task Login_DevRegistrationOutsideDevelopment_UnknownPlatform()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        await host.Database.Database.ExecuteAsync(
            "UPDATE platform_registrations SET source = 'dev' WHERE id = @Id", new { Id = platform.RegistrationId });
        host.Registry.ClearCache();
        using var browser = host.NewBrowser();

        using var response = await browser.SendLoginAsync(platform.Login(), HttpMethod.Post);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unknown_platform", Reason(response));
    }

    private static async Task PointJwksAtAsync(LtiToolHost host, TestPlatform platform, string path)
    {
        await host.Database.Database.ExecuteAsync(
            "UPDATE platform_registrations SET jwks_url = @Url WHERE id = @Id",
            new { Url = host.PlatformBaseUrl + path, Id = platform.RegistrationId });
        host.Registry.ClearCache();
    }

    private static string Reason(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-LtiPd-Reason", out var values) ? string.Join(",", values) : "(none)";
}
