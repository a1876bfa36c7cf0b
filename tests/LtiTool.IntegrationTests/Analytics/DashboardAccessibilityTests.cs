using System.Net;
using Deque.AxeCore.Playwright;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>axe-core in headless Chromium finds no serious or critical violation on a dashboard full of charts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardAccessibilityTests
{
    [Fact]
    public async Task Dashboard_Axe_NoSeriousViolations()
    {
        var html = await SeededDashboardHtmlAsync();

        // The page is loaded as content rather than over HTTP, because the test server has no
        // socket. The markup, styles and inline charts are exactly what the tool served.
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
        await browser.Page.SetContentAsync(html);
        foreach (var details in await browser.Page.QuerySelectorAllAsync("details"))
        {
            await details.EvaluateAsync("element => element.open = true");
        }

        var results = await browser.Page.RunAxe();

        var serious = results.Violations
            .Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Select(node => node.Target?.ToString()))}")
            .ToList();
        Assert.Empty(serious);
    }

    [Fact]
    public async Task Dashboard_360PixelsWide_FitsWithoutSideScroll()
    {
        var html = await SeededDashboardHtmlAsync();

        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
        await browser.Page.SetViewportSizeAsync(360, 800);
        await browser.Page.SetContentAsync(html);
        // A module title a little longer than the shipped catalog's longest, so the module filter is at least as wide as in a real district.
        await browser.Page.EvalOnSelectorAsync("select#module",
            "select => select.add(new Option('Analytic and Holistic Rubrics: Choosing the Right Tool for the Task', 'long-module'))");

        var scrollWidth = await browser.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var widestFilter = await browser.Page.EvaluateAsync<int>(
            "() => Math.max(...[...document.querySelectorAll('.filters select, .filters input')].map(field => Math.ceil(field.getBoundingClientRect().right)))");

        Assert.Equal(360, scrollWidth);
        Assert.True(widestFilter <= 360, $"a filter field ends at {widestFilter} px in a 360 px window");
    }

    private static async Task<string> SeededDashboardHtmlAsync()
    {
        await using var host = await DashboardHost.StartAsync(DatabaseProvider.Sqlite);
        var district = await LeaderDashboardTests.SeedAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        using var response = await host.GetAsync(leader, "/app/analytics?from=2026-03-01&to=2026-03-31");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
