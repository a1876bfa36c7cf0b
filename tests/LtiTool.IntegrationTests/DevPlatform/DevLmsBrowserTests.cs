using System.Text.RegularExpressions;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.DevPlatform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

/// <summary>
/// Launches the tool from the dev LMS in Chromium, as a person does. The course page on one
/// loopback name frames the tool on the other, so every tool cookie is a third-party cookie.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DevLmsBrowserTests
{
    private const string FrameSelector = "iframe[name=lti-tool]";

    [Fact]
    public async Task Teacher_ClicksName_LandsAsLearner()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);

        var landing = await LaunchAsync(host.LocalhostOrigin, browser, "pd-activity-coaching", "dev-teacher-maya", "greeting");

        Assert.Equal("Hello, Maya Okafor.", await landing.Locator("[data-testid=greeting]").InnerTextAsync());
        Assert.Equal("Learner", await landing.Locator("[data-testid=role]").InnerTextAsync());
        Assert.Equal("PD Sandbox", await landing.Locator("[data-testid=course]").InnerTextAsync());
        Assert.Equal("Instructional coaching cycle", await landing.Locator("[data-testid=activity]").InnerTextAsync());
        Assert.Equal($"{host.LoopbackOrigin}app", ToolFrameUrl(browser));
        await browser.SaveScreenshotAsync("teacher-learner");
    }

    [Fact]
    public async Task Launch_FromLoopbackPage_FramesLocalhost()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: true);

        var landing = await LaunchAsync(host.LoopbackOrigin, browser, "pd-activity-coaching", "dev-teacher-maya", "greeting");

        Assert.Equal("Hello, Maya Okafor.", await landing.Locator("[data-testid=greeting]").InnerTextAsync());
        Assert.Equal("Learner", await landing.Locator("[data-testid=role]").InnerTextAsync());
        Assert.Equal($"{host.LocalhostOrigin}app", ToolFrameUrl(browser));
        await browser.SaveScreenshotAsync("page-on-loopback-address");
    }

    [Fact]
    public async Task PdLeader_ClicksName_LandsAsPdLeader()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);

        var landing = await LaunchAsync(host.LocalhostOrigin, browser, "pd-activity-literacy", "dev-leader-priya", "greeting");

        Assert.Equal("Hello, Priya Raman.", await landing.Locator("[data-testid=greeting]").InnerTextAsync());
        Assert.Equal("PD leader", await landing.Locator("[data-testid=role]").InnerTextAsync());
        Assert.Equal("Structured literacy module", await landing.Locator("[data-testid=activity]").InnerTextAsync());
        await browser.SaveScreenshotAsync("pd-leader");
    }

    [Fact]
    public async Task Launch_ThirdPartyCookiesBlocked_Succeeds()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: true);

        var landing = await LaunchAsync(host.LocalhostOrigin, browser, "pd-activity-coaching", "dev-para-luis", "greeting");

        Assert.Equal("Hello, Luis Herrera.", await landing.Locator("[data-testid=greeting]").InnerTextAsync());
        Assert.Equal("Learner", await landing.Locator("[data-testid=role]").InnerTextAsync());
        Assert.Equal($"{host.LoopbackOrigin}app", ToolFrameUrl(browser));

        // The profile really blocks third-party cookies: inside the frame a plain SameSite=None
        // cookie is dropped while a partitioned one is kept.
        var toolFrame = browser.Page.Frame(ChromiumSession.ToolFrameName)!;
        Assert.False(await toolFrame.EvaluateAsync<bool>(
            "() => { document.cookie = 'probe_plain=1; SameSite=None; Secure; Path=/'; return document.cookie.includes('probe_plain=1'); }"));
        Assert.True(await toolFrame.EvaluateAsync<bool>(
            "() => { document.cookie = 'probe_partitioned=1; SameSite=None; Secure; Partitioned; Path=/'; return document.cookie.includes('probe_partitioned=1'); }"));
        await browser.SaveScreenshotAsync("third-party-cookies-blocked");
    }

    [Fact]
    public async Task DeepLinking_PdLeader_LandsOnPicker()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);

        var landing = await LaunchAsync(host.LocalhostOrigin, browser, "placement-add-pd", "dev-leader-priya", "greeting");

        Assert.Equal("Add PD to your course", await landing.Locator("h1").InnerTextAsync());
        Assert.Equal("PD leader", await landing.Locator("[data-testid=role]").InnerTextAsync());
        Assert.Equal($"{host.LoopbackOrigin}app/deep-linking", ToolFrameUrl(browser));
        await browser.SaveScreenshotAsync("deep-linking");
    }

    [Fact]
    public async Task DeepLinking_RoundTrip_AddsPlacementAndColumn()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: true);
        var module = host.Services.GetRequiredService<ModuleCatalog>().Modules[0];

        // The PD leader picks a module; the tool posts the signed response back to the dev LMS.
        var picker = await LaunchAsync(host.LocalhostOrigin, browser, "placement-add-pd", "dev-leader-priya", "greeting");
        await picker.Locator($"[data-testid='option-module:{module.Id}']").CheckAsync();
        await picker.Locator("[data-testid=add]").ClickAsync();
        var result = picker.Locator("[data-testid=placement-result]");
        await result.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });

        var lineItems = await host.Services.GetRequiredService<DevGradebook>().ListLineItemsAsync("pd-sandbox", null, module.Id, "ltipd", cancellationToken);
        var lineItem = Assert.Single(lineItems);
        Assert.Equal($"added as {lineItem.ResourceLinkId} with gradebook column {lineItem.Id}", await result.InnerTextAsync());
        Assert.Equal(module.Title, lineItem.Label);
        Assert.Equal(module.PointsToComplete, lineItem.ScoreMaximum);
        Assert.Equal($"msg: Added \"{module.Title}\" from LtiPd.", await picker.Locator("[data-testid=claim-msg]").InnerTextAsync());
        await browser.SaveScreenshotAsync("deep-linking-returned");

        // The new placement is in the course; a learner launching it lands on the module.
        var landing = await LaunchAsync(host.LocalhostOrigin, browser, lineItem.ResourceLinkId!, "dev-teacher-maya", "module-progress");
        Assert.Equal($"{host.LoopbackOrigin}app/modules/{module.Id}", ToolFrameUrl(browser));
        Assert.Equal(module.Title, await landing.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task Launch_LoginCookieDropped_CompletesThroughPlatformStorage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: true);
        var relayed = await DropLoginCookieAsync(browser);

        var landing = await LaunchAsync(host.LocalhostOrigin, browser, "pd-activity-coaching", "dev-para-luis", "greeting");

        Assert.Equal("Hello, Luis Herrera.", await landing.Locator("[data-testid=greeting]").InnerTextAsync());
        Assert.Equal($"{host.LoopbackOrigin}app", ToolFrameUrl(browser));
        Assert.True(relayed.Count >= 2, $"Expected the launch to be posted twice (relay), saw {relayed.Count} posts.");
        Assert.Contains(relayed, body => body.Contains("lti_storage_nonce=", StringComparison.Ordinal) && !body.Contains("lti_storage_nonce=&", StringComparison.Ordinal));
        await browser.SaveScreenshotAsync("platform-storage");
    }

    [Fact]
    public async Task Launch_NoStorageAndNoCookie_AsksForNewWindow()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: true);
        await DropLoginCookieAsync(browser);

        await browser.Page.GotoAsync($"{host.LocalhostOrigin}devlms?link=pd-activity-coaching&storage=off");
        await browser.Page.ClickAsync("[data-testid=person-dev-para-luis]");
        var blocked = browser.Page.FrameLocator(FrameSelector).Locator("[data-testid=storage-blocked]");
        await blocked.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });

        Assert.StartsWith("Your browser blocks the storage LtiPd needs", await blocked.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal($"{host.LoopbackOrigin}lti/launch", ToolFrameUrl(browser));
        await browser.SaveScreenshotAsync("platform-storage-unavailable");
    }

    /// <summary>
    /// Deletes the login cookie right before each first launch post, as a browser that drops even
    /// partitioned third-party cookies does, and records the bodies of the launch posts.
    /// </summary>
    private static async Task<List<string>> DropLoginCookieAsync(ChromiumSession browser)
    {
        var launchBodies = new List<string>();
        await browser.Page.RouteAsync("**/lti/launch", async route =>
        {
            launchBodies.Add(route.Request.PostData ?? "");
            await browser.Page.Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { NameRegex = LoginCookie() });
            await route.ContinueAsync();
        });
        return launchBodies;
    }

    [GeneratedRegex("^__Host-ltipd_login_")]
    private static partial Regex LoginCookie();

    private static async Task<IFrameLocator> LaunchAsync(Uri pageOrigin, ChromiumSession browser, string linkId, string personId, string landingTestId)
    {
        var frame = browser.Page.FrameLocator(FrameSelector);
        if (await browser.LaunchFromDevLmsAsync(pageOrigin, linkId, personId, $"[data-testid={landingTestId}]") is null)
        {
            return frame;
        }

        // Report the frame content instead, which is often the tool's error page with its reason code.
        // ContentAsync has no timeout of its own and waits forever on a frame stuck mid-navigation.
        var frameHtml = "(no frame)";
        if (browser.Page.Frame(ChromiumSession.ToolFrameName) is { } toolFrame)
        {
            try
            {
                frameHtml = await toolFrame.ContentAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                frameHtml = "(the frame did not give its content within 10 seconds)";
            }
        }

        Assert.Fail($"The tool's page did not appear in the iframe. Frame URL: {ToolFrameUrl(browser)}\n{frameHtml}");
        return frame;
    }

    private static string? ToolFrameUrl(ChromiumSession browser) => browser.Page.Frame(ChromiumSession.ToolFrameName)?.Url;
}
