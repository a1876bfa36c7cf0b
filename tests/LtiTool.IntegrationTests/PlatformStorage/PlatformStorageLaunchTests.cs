using System.Net;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.IntegrationTests.PlatformStorage;

/// <summary>
/// The server side of launches through LTI Platform Storage: the login page, the relay page when
/// the login cookie is missing, and the checks on the relayed post.
/// </summary>
public sealed class PlatformStorageLaunchTests
{
    [Fact]
    public async Task Login_WithStorageTarget_ServesStoragePageAndCookie()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();

        using var response = await browser.SendLoginAsync(platform.Login() with { StorageTarget = "post_message_forwarding" }, HttpMethod.Post);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(browser.Cookies.Keys, name => name.StartsWith(SessionCookies.LoginCookiePrefix, StringComparison.Ordinal));
        Assert.Contains("var target = \"post_message_forwarding\";", html, StringComparison.Ordinal);
        Assert.Contains($"var origin = \"{host.PlatformBaseUrl}\";", html, StringComparison.Ordinal);
        Assert.Contains("'lti.capabilities'", html, StringComparison.Ordinal);
        Assert.Contains("'org.imsglobal.lti.capabilities'", html, StringComparison.Ordinal);
        Assert.Contains("form-action 'none'", csp, StringComparison.Ordinal);
        Assert.Matches("script-src 'nonce-[^']+';", csp);
        Assert.Contains("data-testid=\"open-new-window\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("lti_storage_target", html.Split("open-new-window")[0].Split("href=")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_CookieMissing_ServesRelayThenAcceptsStoredValues()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();
        var (state, nonce, idToken) = await LoginWithoutCookieAsync(platform, browser);

        using var relay = await browser.LaunchAsync(new Dictionary<string, string> { ["state"] = state, ["id_token"] = idToken });
        var relayHtml = await relay.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var launch = await PostRelayedAsync(browser, state, idToken, state, nonce, "https://localhost");

        Assert.Equal(HttpStatusCode.OK, relay.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"https://localhost/lti/launch\">", relayHtml, StringComparison.Ordinal);
        Assert.Contains("'lti.get_data'", relayHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        Assert.Equal("/app", launch.Headers.Location!.OriginalString);
        Assert.Contains(SessionCookies.SessionCookieName, browser.Cookies.Keys);
    }

    [Theory]
    [InlineData("https://attacker.example.org", null, null)]
    [InlineData("null", null, null)]
    [InlineData("https://localhost", "other-state", null)]
    [InlineData("https://localhost", null, "other-nonce")]
    public async Task Launch_RelayedValuesWrong_IsRejected(string origin, string? storedState, string? storedNonce)
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();
        var (state, nonce, idToken) = await LoginWithoutCookieAsync(platform, browser);

        using var launch = await PostRelayedAsync(browser, state, idToken, storedState ?? state, storedNonce ?? nonce, origin);

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("platform_storage_invalid", launch.Headers.GetValues("X-LtiPd-Reason").Single());
        Assert.DoesNotContain(SessionCookies.SessionCookieName, browser.Cookies.Keys);
    }

    [Fact]
    public async Task Launch_RelayedValuesWithoutStorageLogin_IsRejected()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();
        var redirect = await browser.LoginAsync(platform.Login());
        browser.Cookies.Clear();
        var idToken = platform.Token(redirect).Build();

        using var launch = await PostRelayedAsync(browser, redirect.State, idToken, redirect.State, redirect.Nonce, "https://localhost");

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("platform_storage_invalid", launch.Headers.GetValues("X-LtiPd-Reason").Single());
    }

    [Fact]
    public async Task Launch_CookieMissingWithoutStorageTarget_StaysCookieError()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();
        var redirect = await browser.LoginAsync(platform.Login());
        browser.Cookies.Clear();

        using var launch = await browser.LaunchAsync(redirect, platform.Token(redirect).Build());

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Equal("state_cookie_missing", launch.Headers.GetValues("X-LtiPd-Reason").Single());
    }

    /// <summary>Logs in with a storage target, reads state and nonce from the page, and drops the login cookie.</summary>
    private static async Task<(string State, string Nonce, string IdToken)> LoginWithoutCookieAsync(TestPlatform platform, LtiBrowser browser)
    {
        using var response = await browser.SendLoginAsync(platform.Login() with { StorageTarget = "_parent" }, HttpMethod.Post);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var state = System.Text.RegularExpressions.Regex.Match(html, "var state = \"([^\"]+)\";").Groups[1].Value;
        var nonce = System.Text.RegularExpressions.Regex.Match(html, "var nonce = \"([^\"]+)\";").Groups[1].Value;
        browser.Cookies.Clear();
        var redirect = new LoginRedirect(new Uri(platform.Issuer), new Dictionary<string, string> { ["state"] = state, ["nonce"] = nonce });
        return (state, nonce, platform.Token(redirect).Build());
    }

    private static async Task<HttpResponseMessage> PostRelayedAsync(LtiBrowser browser, string state, string idToken, string storedState, string storedNonce, string origin)
    {
        var fields = new Dictionary<string, string>
        {
            ["state"] = state,
            ["id_token"] = idToken,
            ["lti_storage_state"] = storedState,
            ["lti_storage_nonce"] = storedNonce,
        };
        return await browser.LaunchAsync(fields, origin: origin);
    }
}
