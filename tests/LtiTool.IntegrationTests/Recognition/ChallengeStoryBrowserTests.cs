using System.Globalization;
using Deque.AxeCore.Playwright;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LtiPd.LtiTool.IntegrationTests.Recognition;

/// <summary>
/// The challenge story in Chromium through the dev LMS: a PD leader creates a challenge, a teacher
/// joins it, earns points and watches their progress and streak calendar, and the leader ends it
/// early so the teacher wins its badge. Every page is checked with axe-core at desktop width, and
/// for sideways scrolling in a narrow iframe and at phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChallengeStoryBrowserTests
{
    private const string FrameName = "lti-tool";
    private const string ScreenshotFolder = "screenshots-challenge-story";
    private const string TeacherLink = "pd-activity-coaching";
    private const string LeaderLink = "pd-activity-literacy";
    private const string ChallengeName = "Autumn routines sprint";

    private static readonly (string Name, int Width, int Height)[] NarrowViewports = [("iframe-400", 440, 800), ("phone", 360, 740)];

    [Fact]
    public async Task ChallengeStory_LeaderCreatesTeacherProgresses_TeacherWins()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken, settings: new Dictionary<string, string>
        {
            ["Gamification:PollIntervalSeconds"] = "1",
        });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var semester = new DateRange(today.AddDays(-21), today.AddDays(60));
        var applied = await host.Services.GetRequiredService<GamificationEngine>().ApplyRulesAsync(
            DistrictIds.FromName("Dev LMS sandbox district"), RuleSet.Default with { Semesters = [semester] }, "browser-test", cancellationToken);
        Assert.True(applied.Succeeded, applied.Error?.ToString());
        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
        var story = new Story(browser, host.LocalhostOrigin);

        // The leader creates a district challenge with a goal of 10 points and its own badge.
        await story.LaunchAsync(LeaderLink, "dev-leader-priya");
        await story.Frame.ClickAsync("[data-testid=leader-challenges]");
        await story.WaitAsync("[data-testid=create-form]");
        await story.CheckAsync("01-leader-challenges-empty");
        await story.Frame.FillAsync("#name", ChallengeName);
        await story.Frame.FillAsync("#goal", "10");
        await story.Frame.FillAsync("#starts", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await story.Frame.FillAsync("#ends", today.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await story.Frame.FillAsync("#badge_name", "Routines sprinter");
        await story.Frame.FillAsync("#badge_description", "Reached the autumn routines goal.");
        await story.Frame.ClickAsync("[data-testid=create]");
        await story.WaitAsync("[data-testid=notice]");
        await story.CheckAsync("02-leader-challenge-created");

        // The teacher finds it from the dashboard, joins, and completes a reading.
        await story.LaunchAsync(TeacherLink, "dev-teacher-maya");
        await story.Frame.ClickAsync("[data-testid=challenges-link]");
        await story.WaitAsync("[data-testid=join]");
        await story.CheckAsync("03-teacher-challenges");
        await story.Frame.ClickAsync("[data-testid=join]");
        await story.WaitAsync("[data-testid=my-progress]");
        // The page after joining carries "?notice=joined"; later visits open the bare path, so
        // a notice on them always comes from the step that just ran.
        var detailPath = new Uri(story.Frame.Url).AbsolutePath;
        await story.OpenAsync("/app/modules/classroom-management/activities/routines-before-rules");
        await story.Frame.GetByRole(AriaRole.Button, new() { Name = "I have read this: mark it done" }).ClickAsync();
        await story.WaitAsync("[data-testid=marked-done]");
        var progress = await story.WaitForTextAsync(detailPath, "[data-testid=my-progress]", "100% of the goal", TimeSpan.FromSeconds(60));
        Assert.Contains("You have 10 points", progress, StringComparison.Ordinal);
        await story.CheckAsync("04-teacher-progress");
        await story.OpenAsync("/app/recognition/streak");
        await story.WaitAsync("[data-testid=calendar]");
        Assert.Equal("counted", await story.Frame.Locator("[data-state=counted]").First.GetAttributeAsync("data-state"));
        await story.CheckAsync("05-teacher-streak-calendar");

        // The leader reads the live standings, where the teacher's name is hidden, and ends the challenge.
        await story.LaunchAsync(LeaderLink, "dev-leader-priya");
        await story.OpenAsync(detailPath);
        await story.WaitAsync("[data-testid=standings]");
        Assert.Equal("A teacher (name hidden)", await story.Frame.Locator("[data-testid=standings] tbody td:nth-child(2)").First.InnerTextAsync());
        await story.CheckAsync("06-leader-standings");
        await story.Frame.ClickAsync("[data-testid=end]");
        await story.Frame.Locator("[data-testid=notice]").Filter(new() { HasText = "winners are decided" }).WaitForAsync(new() { Timeout = 20_000 });

        // The teacher has won and has the challenge's badge.
        await story.LaunchAsync(TeacherLink, "dev-teacher-maya");
        await story.OpenAsync(detailPath);
        await story.WaitAsync("[data-testid=won]");
        await story.CheckAsync("07-teacher-won");
        await story.OpenAsync("/app/recognition");
        await story.WaitAsync("[data-earned=true]");
        Assert.Contains("Routines sprinter", await story.Frame.Locator("[data-earned=true]").First.InnerTextAsync(), StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {Path.Combine(AppContext.BaseDirectory, ScreenshotFolder)}");
    }

    /// <summary>The browser's steps in the story, all inside the tool's iframe.</summary>
    private sealed class Story(ChromiumSession browser, Uri lmsOrigin)
    {
        public IFrame Frame => browser.Page.Frame(FrameName) ?? throw new InvalidOperationException("The dev LMS page has no tool frame.");

        public async Task LaunchAsync(string linkId, string personId)
        {
            var stuckAt = await browser.LaunchFromDevLmsAsync(lmsOrigin, linkId, personId, "[data-testid=greeting]");
            Assert.True(stuckAt is null, $"The tool's page did not appear in the iframe. Frame URL: {stuckAt}");
        }

        public async Task OpenAsync(string path)
        {
            await Frame.GotoAsync(new Uri(new Uri(Frame.Url), path).ToString());
        }

        public Task WaitAsync(string selector) => Frame.Locator(selector).First.WaitForAsync(new() { Timeout = 20_000 });

        public async Task<string> WaitForTextAsync(string path, string selector, string expected, TimeSpan wait)
        {
            var deadline = DateTimeOffset.UtcNow + wait;
            while (true)
            {
                await OpenAsync(path);
                var text = await Frame.Locator(selector).First.InnerTextAsync();
                if (text.Contains(expected, StringComparison.Ordinal))
                {
                    return text;
                }

                Assert.True(DateTimeOffset.UtcNow < deadline, $"'{selector}' still reads '{text}' after {wait.TotalSeconds} s, without '{expected}'.");
                await Task.Delay(500);
            }
        }

        /// <summary>Saves screenshots, runs axe-core on the tool's frame and checks the page fits narrow widths.</summary>
        public async Task CheckAsync(string name)
        {
            await browser.SaveToolFrameScreenshotAsync(name, ScreenshotFolder);
            var results = await browser.Page.RunAxe();
            var blocking = results.Violations
                .Where(violation => violation.Impact is "serious" or "critical")
                .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(" | ", violation.Nodes.Select(node => node.Html))}")
                .ToList();
            Assert.True(blocking.Count == 0, $"axe-core found serious or critical violations on {name}:\n{string.Join('\n', blocking)}");

            foreach (var (viewport, width, height) in NarrowViewports)
            {
                await browser.Page.SetViewportSizeAsync(width, height);
                var overflow = await Frame.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                await browser.SaveToolFrameScreenshotAsync($"{name}-{viewport}", ScreenshotFolder);
                Assert.True(overflow <= 0, $"{name} scrolls sideways by {overflow} px ({viewport}, {width} px viewport).");
            }

            await browser.Page.SetViewportSizeAsync(1280, 800);
        }
    }
}
