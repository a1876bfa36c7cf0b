using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Statements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LtiPd.LtiTool.IntegrationTests.Review;

/// <summary>
/// In Chromium through the dev LMS: a teacher marks an activity done and the award notice appears
/// in the open page's polite live region, without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AwardLiveBrowserTests
{
    private const string FrameName = ChromiumSession.ToolFrameName;
    private const string ModuleId = "classroom-management";

    // Runs in every document before its own scripts: marks the document, and records at
    // DOMContentLoaded whether the server already rendered an award notice into it.
    private const string InitScript = """
        window.__ltipdDocument = Math.random();
        document.addEventListener('DOMContentLoaded', function () {
          window.__ltipdNoticeAtLoad = document.querySelector('[data-testid=award-notice]') !== null;
        });
        """;

    // Read and watch activities of the module. Should the engine still award before the page the
    // step redirects to is drawn, the next activity is tried.
    private static readonly string[] Activities = ["routines-before-rules", "teaching-a-routine", "attention-signals"];

    [Fact]
    public async Task ActivityDone_AwardArrives_ShownWithoutReload()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken, settings: new Dictionary<string, string>
        {
            // The engine runs only when the test calls it, after the step's page has loaded.
            ["Gamification:PollIntervalSeconds"] = "3600",
            ["Gamification:WakeOnCommit"] = "false",
        });
        var engine = host.Services.GetRequiredService<GamificationEngine>();
        var source = host.Services.GetServices<IStatementSource>().Single();
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
        await browser.Page.Context.AddInitScriptAsync(InitScript);
        var stuckAt = await browser.LaunchFromDevLmsAsync(host.LocalhostOrigin, "pd-activity-coaching", "dev-teacher-maya", "[data-testid=greeting]");
        Assert.True(stuckAt is null, $"The tool's page did not appear in the iframe. Frame URL: {stuckAt}");
        var frame = browser.Page.Frame(FrameName) ?? throw new InvalidOperationException("The dev LMS page has no tool frame.");

        var arrivedLive = false;
        foreach (var activityId in Activities)
        {
            await frame.GotoAsync(new Uri(new Uri(frame.Url), $"/app/modules/{ModuleId}/activities/{activityId}").ToString());
            await frame.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("mark it done$") }).ClickAsync();
            await frame.Locator("[data-testid=marked-done]").WaitForAsync(new() { Timeout = 20_000 });
            await frame.WaitForFunctionAsync("() => window.__ltipdNoticeAtLoad !== undefined", null, new() { Timeout = 20_000 });
            if (await frame.EvaluateAsync<bool>("() => window.__ltipdNoticeAtLoad"))
            {
                continue;
            }

            var document = await frame.EvaluateAsync<double>("() => window.__ltipdDocument");
            while ((await engine.RunOnceAsync(source, cancellationToken)).HasMore)
            {
            }

            var notice = frame.Locator("[data-testid=award-live] [data-testid=award-notice]");
            await notice.WaitForAsync(new() { Timeout = 40_000 });

            Assert.Equal(document, await frame.EvaluateAsync<double>("() => window.__ltipdDocument"));
            Assert.Matches("^[0-9]+ points?$", await notice.Locator("[data-testid=award-points]").InnerTextAsync());
            Assert.Matches("^[0-9]+ points?$", await notice.Locator("[data-testid=award-total]").InnerTextAsync());
            Assert.Equal("polite", await frame.Locator("[data-testid=award-live]").GetAttributeAsync("aria-live"));
            Assert.Equal("status", await frame.Locator("[data-testid=award-live]").GetAttributeAsync("role"));
            await browser.SaveScreenshotAsync("award-live-notice", "screenshots-award-live");
            arrivedLive = true;
            break;
        }

        Assert.True(arrivedLive, "Every award was already in the page the step redirected to, so no notice arrived while a page was open.");
    }
}
