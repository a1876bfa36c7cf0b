using System.Net;
using System.Text.Encodings.Web;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>
/// Drives each recorded Canvas, Moodle and Schoology launch through the real login and launch
/// endpoints: the platform is registered from configuration, its JWKS is served by WireMock, and
/// the fixture's claims are signed with the nonce the tool issued.
/// </summary>
public sealed class FixtureLaunchTests
{
    private static readonly string[] FixtureNames =
    [
        "canvas-admin", "canvas-deep-linking", "canvas-instructor", "canvas-learner",
        "moodle-deep-linking", "moodle-instructor", "moodle-learner", "moodle-site-admin",
        "schoology-admin-teacher", "schoology-instructor", "schoology-learner",
    ];

    public static TheoryData<string, string> Launches => new()
    {
        { "canvas-admin", "POST" },
        { "canvas-deep-linking", "POST" },
        { "canvas-instructor", "GET" },
        { "canvas-learner", "POST" },
        { "moodle-deep-linking", "POST" },
        { "moodle-instructor", "POST" },
        { "moodle-learner", "GET" },
        { "moodle-site-admin", "POST" },
        { "schoology-admin-teacher", "GET" },
        { "schoology-instructor", "GET" },
        { "schoology-learner", "POST" },
    };

    [Fact]
    public void Fixtures_AllCopiedToOutput_EachCovered()
    {
        Assert.Equal(FixtureNames, LaunchFixture.AllNames());
        Assert.Equal(FixtureNames.Order(StringComparer.Ordinal), Launches.Select(row => row.Data.Item1).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Launches))]
    public Task Launch_Fixture_StartsSessionForExpectedUserRoleAndCourse(string name, string loginMethod) =>
        RunFixtureLaunchAsync(LaunchFixture.Load(name), loginMethod, DatabaseProvider.Sqlite);

    /// <summary>Runs one fixture's login and launch on a new tool host and checks every outcome.</summary>
    internal static async Task RunFixtureLaunchAsync(LaunchFixture fixture, string loginMethod, DatabaseProvider provider)
    {
        await using var host = await LtiToolHost.StartAsync(provider, settings: platformUrl => PlatformSettings(fixture, platformUrl));
        var platform = await host.AttachPlatformAsync(
            fixture.Issuer, fixture.ClientId, fixture.DeploymentId, fixture.PlatformPath("authUrl"), fixture.PlatformPath("jwksUrl"), fixture.Kid);
        using var browser = host.NewBrowser();
        var login = platform.Login();

        // Login: the tool redirects to the platform's authorization endpoint with every OIDC parameter.
        var redirect = await browser.LoginAsync(login, new HttpMethod(loginMethod));
        Assert.Equal(host.PlatformBaseUrl + fixture.PlatformPath("authUrl"), redirect.Location.GetLeftPart(UriPartial.Path));
        Assert.Equal("openid", redirect.Parameters["scope"]);
        Assert.Equal("id_token", redirect.Parameters["response_type"]);
        Assert.Equal("form_post", redirect.Parameters["response_mode"]);
        Assert.Equal("none", redirect.Parameters["prompt"]);
        Assert.Equal(fixture.ClientId, redirect.Parameters["client_id"]);
        Assert.Equal(LtiToolHost.LaunchUrl, redirect.Parameters["redirect_uri"]);
        Assert.Equal(login.LoginHint, redirect.Parameters["login_hint"]);
        Assert.Equal(login.LtiMessageHint, redirect.Parameters["lti_message_hint"]);
        Assert.Equal(43, redirect.State.Length);
        Assert.Equal(43, redirect.Nonce.Length);
        Assert.NotEqual(redirect.State, redirect.Nonce);
        Assert.Contains(SessionCookies.LoginCookieName(redirect.State), browser.Cookies.Keys);

        // The browser follows the redirect to the platform, which receives the same parameters.
        using (var platformClient = new HttpClient())
        using (var authorization = await platformClient.GetAsync(redirect.Location, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, authorization.StatusCode);
        }

        var received = host.PlatformServer.LogEntries.Single(entry => entry.RequestMessage.Path == fixture.PlatformPath("authUrl"));
        Assert.Equal(redirect.Nonce, received.RequestMessage.Query!["nonce"].Single());

        // Launch: the platform posts the fixture's claims, signed, with the nonce and fresh times.
        var now = DateTimeOffset.UtcNow;
        var idToken = IdTokenBuilder.FromClaims(fixture.Header, fixture.Claims, platform.Key)
            .With("nonce", redirect.Nonce)
            .With("iat", now.ToUnixTimeSeconds())
            .With("exp", now.ToUnixTimeSeconds() + fixture.LifetimeSeconds)
            .With(LtiClaimNames.TargetLinkUri, LtiToolHost.LaunchUrl)
            .Build();
        using var launch = await browser.LaunchAsync(redirect, idToken);

        var messageType = (string)fixture.Claims[LtiClaimNames.MessageType]!;
        var landingPath = messageType == LtiMessageTypes.DeepLinkingRequest ? "/app/deep-linking" : "/app";
        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        Assert.Equal(landingPath, launch.Headers.Location!.OriginalString);
        AssertSessionCookie(launch);
        AssertLoginCookieDeleted(launch, redirect.State);
        Assert.DoesNotContain(SessionCookies.LoginCookieName(redirect.State), browser.Cookies.Keys);

        // The tool fetched the platform's keys once, naming itself (Canvas rejects calls without a User-Agent).
        var jwksRequest = Assert.Single(host.PlatformServer.LogEntries, entry => entry.RequestMessage.Path == fixture.PlatformPath("jwksUrl"));
        Assert.Equal("LtiPd/1.0", jwksRequest.RequestMessage.Headers!["User-Agent"].Single());

        // The session row carries the right person, role, course and resource link.
        var session = Assert.Single(await host.Database.Database.SessionsAsync(platform.RegistrationId));
        var expectedRole = fixture.Expected("role")!;
        Assert.Equal(expectedRole, session.Role);
        Assert.Equal(fixture.Expected("sub") ?? (string)fixture.Claims["sub"]!, session.Subject);
        Assert.Equal(fixture.Expected("messageType") ?? messageType, session.MessageType);
        Assert.Equal(fixture.DeploymentId, session.DeploymentId);
        Assert.Equal(fixture.Expected("contextId") ?? (string?)fixture.Claims[LtiClaimNames.Context]?["id"], session.ContextId);
        Assert.Equal(fixture.Expected("resourceLinkId") ?? (string?)fixture.Claims[LtiClaimNames.ResourceLink]?["id"], session.ResourceLinkId);
        Assert.Equal((string?)fixture.Claims["name"], session.UserName);
        Assert.DoesNotContain(idToken, session.LaunchJson, StringComparison.Ordinal);

        // The landing page shows them.
        using var landing = await browser.GetAsync(landingPath);
        var html = await landing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains($"<dd data-testid=\"role\">{RoleLabel(expectedRole)}</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"Hello, {HtmlEncoder.Default.Encode((string)fixture.Claims["name"]!)}.", html, StringComparison.Ordinal);
        Assert.Contains(
            $"<dd data-testid=\"course\">{HtmlEncoder.Default.Encode((string?)fixture.Claims[LtiClaimNames.Context]?["title"] ?? "(no course)")}</dd>",
            html,
            StringComparison.Ordinal);
        Assert.Contains(
            $"<dd data-testid=\"activity\">{HtmlEncoder.Default.Encode((string?)fixture.Claims[LtiClaimNames.ResourceLink]?["title"] ?? "(none)")}</dd>",
            html,
            StringComparison.Ordinal);
    }

    internal static IReadOnlyDictionary<string, string?> PlatformSettings(LaunchFixture fixture, string platformUrl)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Lti:Platforms:0:Issuer"] = fixture.Issuer,
            ["Lti:Platforms:0:ClientId"] = fixture.ClientId,
            ["Lti:Platforms:0:AuthUrl"] = platformUrl + fixture.PlatformPath("authUrl"),
            ["Lti:Platforms:0:TokenUrl"] = platformUrl + fixture.PlatformPath("tokenUrl"),
            ["Lti:Platforms:0:JwksUrl"] = platformUrl + fixture.PlatformPath("jwksUrl"),
        };
        for (var i = 0; i < fixture.DeploymentIds.Count; i++)
        {
            settings[$"Lti:Platforms:0:DeploymentIds:{i}"] = fixture.DeploymentIds[i];
        }

        return settings;
    }

    internal static void AssertSessionCookie(HttpResponseMessage launch)
    {
        var cookie = Assert.Single(SetCookieHeader.All(launch), header => header.Name == SessionCookies.SessionCookieName);
        Assert.StartsWith("__Host-", cookie.Name, StringComparison.Ordinal);
        Assert.Equal(43, cookie.Value.Length);
        Assert.Equal("none", cookie.Attributes["samesite"]);
        Assert.True(cookie.Has("secure"), "The session cookie must be Secure.");
        Assert.True(cookie.Has("httponly"), "The session cookie must be HttpOnly.");
        Assert.True(cookie.Has("partitioned"), "The session cookie must be Partitioned (CHIPS).");
        Assert.Equal("/", cookie.Attributes["path"]);
        Assert.False(cookie.Has("domain"), "A __Host- cookie must not name a domain.");
    }

    internal static void AssertLoginCookieDeleted(HttpResponseMessage launch, string state)
    {
        // A partitioned cookie is only deleted by a Set-Cookie that is partitioned too (CHIPS).
        var deletion = Assert.Single(SetCookieHeader.All(launch), header => header.Name == SessionCookies.LoginCookieName(state));
        Assert.True(deletion.IsDeletion, $"The login cookie must be deleted, not replaced: {string.Join("; ", deletion.Attributes.Keys)}");
        Assert.Equal("", deletion.Value);
        Assert.True(deletion.Has("partitioned"), "The login cookie deletion must be Partitioned.");
        Assert.True(deletion.Has("secure"), "The login cookie deletion must be Secure.");
        Assert.Equal("none", deletion.Attributes["samesite"]);
        Assert.Equal("/", deletion.Attributes["path"]);
    }

    private static string RoleLabel(string role) => role switch
    {
        "Learner" => "Learner",
        "Instructor" => "PD leader",
        "Administrator" => "District administrator",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown PD role in a fixture."),
    };
}
