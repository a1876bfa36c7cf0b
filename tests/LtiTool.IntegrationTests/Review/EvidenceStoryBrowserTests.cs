using System.Text;
using System.Text.Json;
using Dapper;
using Deque.AxeCore.Playwright;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.XapiBridge.Profile;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LtiPd.LtiTool.IntegrationTests.Review;

/// <summary>
/// The evidence story in Chromium through the dev LMS: a teacher reads, passes a quiz, reflects
/// and submits evidence; a PD leader returns it with feedback; the teacher resubmits; the leader
/// approves; the teacher's dashboard shows points, level and badge; the statements are in the LRS. Every page
/// is checked with axe-core at desktop width, and for overflow at a narrow iframe and phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EvidenceStoryBrowserTests
{
    private const string FrameName = ChromiumSession.ToolFrameName;
    private const string ModuleId = "classroom-management";
    private const string ScreenshotFolder = "screenshots-evidence-story";
    private const string BadgeName = "First module complete";
    private const string TeacherLink = "pd-activity-coaching";
    private const string LeaderLink = "pd-activity-literacy";

    // The engine polls every second here. This bounds the wait on a slow machine.
    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private static readonly SqlText LrsVerbsSql = SqlText.Portable(
        "SELECT statement_json FROM lrs_statements WHERE tenant = @Tenant ORDER BY seq");

    private static readonly (string Name, int Width, int Height)[] NarrowViewports = [("iframe-400", 440, 800), ("phone", 360, 740)];

    [Fact]
    public async Task EvidenceStory_ReturnedThenApproved_TeacherSeesAwards()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var uploads = Directory.CreateTempSubdirectory("ltipd-story-evidence-");
        try
        {
            await using var host = await DevLmsHost.StartAsync(cancellationToken, settings: new Dictionary<string, string>
            {
                ["Evidence:UploadFolder"] = uploads.FullName,
                ["Gamification:PollIntervalSeconds"] = "1",
            });
            var districtId = DistrictIds.FromName("Dev LMS sandbox district");
            await AddBadgeAsync(host, districtId, cancellationToken);
            await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
            var module = host.Services.GetRequiredService<ModuleCatalog>().Find(ModuleId)!;
            var story = new Story(browser, host.LocalhostOrigin);

            // The teacher reads, passes the quiz, reflects and submits evidence.
            await story.LaunchAsync(TeacherLink, "dev-teacher-maya");
            await story.CheckAsync("01-teacher-dashboard");
            await story.OpenAsync(ActivityPath("routines-before-rules"));
            await story.Frame.GetByRole(AriaRole.Button, new() { Name = "I have read this: mark it done" }).ClickAsync();
            await story.WaitAsync("[data-testid=marked-done]");
            await story.CheckAsync("02-read-done");

            var quiz = module.FindActivity("responding-to-off-task")!;
            await story.OpenAsync(ActivityPath(quiz.Id));
            foreach (var question in quiz.Quiz!.Questions)
            {
                await story.Frame.CheckAsync($"#q-{question.Id}-{question.Options.First(option => option.IsCorrect).Id}");
            }

            await story.Frame.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();
            await story.WaitAsync("[data-testid=quiz-result][data-passed=true]");
            await story.CheckAsync("03-quiz-passed");

            var reflection = module.FindActivity("audit-your-transitions")!;
            await story.OpenAsync(ActivityPath(reflection.Id));
            await story.Frame.FillAsync("#reflection", Sentence(reflection.Reflection!.MinLength + 20));
            await story.Frame.GetByRole(AriaRole.Button, new() { Name = "Save my reflection" }).ClickAsync();
            await story.WaitAsync("[data-testid=saved-reflection]");
            await story.CheckAsync("04-reflection-saved");

            await story.OpenAsync(ActivityPath("routine-plan"));
            await story.CheckAsync("05-evidence-form");
            await story.Frame.FillAsync("#evidence-text", "My routine: line up, **signal**, walk, settle.");
            await story.Frame.SetInputFilesAsync("#evidence-file", new FilePayload { Name = "routine-plan.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7\nroutine plan\n"u8.ToArray() });
            await story.Frame.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
            await story.WaitAsync("[data-testid=evidence-status][data-status=Submitted]");
            await story.CheckAsync("06-evidence-submitted");

            // The PD leader returns it with feedback.
            await story.LaunchAsync(LeaderLink, "dev-leader-priya");
            await story.Frame.ClickAsync("[data-testid=review-queue]");
            await story.WaitAsync("[data-testid=queue]");
            await story.CheckAsync("07-review-queue");
            await story.Frame.ClickAsync("[data-testid=queue-row] a");
            await story.WaitAsync("[data-testid=decision-form]");
            await story.CheckAsync("08-review-evidence");
            await story.DecideAsync(module.FindActivity("routine-plan")!.Evidence!.Rubric, "developing", "Add **how** you will reinforce it over two weeks.", "return");
            await story.CheckAsync("09-returned");

            // The teacher reads the feedback and resubmits.
            await story.LaunchAsync(TeacherLink, "dev-teacher-maya");
            await story.OpenAsync(ActivityPath("routine-plan"));
            await story.WaitAsync("[data-testid=evidence-status][data-status=Returned]");
            Assert.Contains("how", await story.Frame.Locator("[data-testid=feedback]").InnerTextAsync(), StringComparison.Ordinal);
            await story.CheckAsync("10-feedback-received");
            await story.Frame.FillAsync("#evidence-text", "My routine, with reinforcement: praise on days 1-5, a quick check on days 6-10.");
            await story.Frame.GetByRole(AriaRole.Button, new() { Name = "Submit the new version" }).ClickAsync();
            await story.WaitAsync("[data-testid=evidence-status][data-status=Resubmitted]");
            await story.CheckAsync("11-resubmitted");

            // The PD leader reads the history and approves.
            await story.LaunchAsync(LeaderLink, "dev-leader-priya");
            await story.OpenAsync("/app/review");
            await story.Frame.ClickAsync("[data-testid=queue-row] a");
            await story.WaitAsync("[data-testid=decision-form]");
            Assert.Equal(2, await story.Frame.Locator("[data-testid=revision]").CountAsync());
            await story.CheckAsync("12-review-resubmission");
            await story.DecideAsync(module.FindActivity("routine-plan")!.Evidence!.Rubric, "proficient", "Clear and ready to use.", "approve");
            await story.CheckAsync("13-approved");

            // The teacher's dashboard shows points, level and badge.
            await story.LaunchAsync(TeacherLink, "dev-teacher-maya");
            var notice = await story.WaitForBadgeNoticeAsync(BadgeName, AwardWait);
            await story.CheckAsync("14-teacher-awards");
            Assert.Contains(BadgeName, notice, StringComparison.Ordinal);
            Assert.Matches("You now have [0-9]+ points and are at Level [0-9]+", notice);
            await story.OpenAsync(ActivityPath("routine-plan"));
            await story.WaitAsync("[data-testid=evidence-status][data-status=Approved]");
            await story.CheckAsync("15-evidence-approved");

            var stored = await LrsVerbsAsync(host, districtId, cancellationToken);
            var verbs = stored.Select(statement => statement.Verb).ToList();
            Assert.Contains(PdProfile.Verbs.Experienced, verbs);
            Assert.Contains(PdProfile.Verbs.Passed, verbs);
            Assert.Equal(2, stored.Count(statement => statement == (PdProfile.Verbs.Submitted, PdProfile.ActivityTypes.Evidence)));
            Assert.Equal(1, stored.Count(statement => statement == (PdProfile.Verbs.Submitted, PdProfile.ActivityTypes.Reflection)));
            Assert.Contains(PdProfile.Verbs.Returned, verbs);
            Assert.Contains(PdProfile.Verbs.Approved, verbs);
            Assert.Contains(PdProfile.Verbs.Completed, verbs);
            Assert.Contains(PdProfile.Verbs.Earned, verbs);
            TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {Path.Combine(AppContext.BaseDirectory, ScreenshotFolder)}");
        }
        finally
        {
            uploads.Delete(recursive: true);
        }
    }

    private static string ActivityPath(string activityId) => $"/app/modules/{ModuleId}/activities/{activityId}";

    private static string Sentence(int length)
    {
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append("Transitions take longest after lunch, so I will rehearse the signal then. ");
        }

        return text.ToString().Trim();
    }

    private static async Task AddBadgeAsync(DevLmsHost host, string districtId, CancellationToken cancellationToken)
    {
        var badge = new BadgeDefinition
        {
            Id = "first-module",
            Name = BadgeName,
            Description = "Completed a first PD module.",
            CriteriaNarrative = "Complete one module.",
            Criterion = BadgeCriterion.ModulesCompleted,
            Threshold = 1,
        };
        var applied = await host.Services.GetRequiredService<GamificationEngine>()
            .ApplyRulesAsync(districtId, RuleSet.Default with { Badges = [badge] }, "browser-test", cancellationToken);
        Assert.True(applied.Succeeded, applied.Error?.ToString());
    }

    /// <summary>Returns the verb and object type of each statement the district's LRS stores, in stored order.</summary>
    private static async Task<List<(string Verb, string? ObjectType)>> LrsVerbsAsync(DevLmsHost host, string districtId, CancellationToken cancellationToken)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(database.Command(LrsVerbsSql, new { Tenant = districtId }, cancellationToken));
        return rows.Select(json =>
        {
            var statement = JsonDocument.Parse(json).RootElement;
            var type = statement.GetProperty("object").TryGetProperty("definition", out var definition) && definition.TryGetProperty("type", out var typeId)
                ? typeId.GetString()
                : null;
            return (statement.GetProperty("verb").GetProperty("id").GetString()!, type);
        }).ToList();
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

        public async Task DecideAsync(Rubric rubric, string levelId, string feedback, string decision)
        {
            foreach (var criterion in rubric.Criteria)
            {
                await Frame.CheckAsync($"#level-{criterion.Id}-{levelId}");
            }

            await Frame.FillAsync("#feedback", feedback);
            await Frame.ClickAsync($"[data-testid={decision}]");
            await WaitAsync("[data-testid=decision-saved]");
        }

        public async Task<string> WaitForBadgeNoticeAsync(string badgeName, TimeSpan wait)
        {
            var deadline = DateTimeOffset.UtcNow + wait;
            while (true)
            {
                var notice = Frame.Locator("[data-testid=award-notice]");
                if (await notice.CountAsync() > 0 && (await notice.InnerTextAsync()).Contains(badgeName, StringComparison.Ordinal))
                {
                    return await notice.InnerTextAsync();
                }

                Assert.True(DateTimeOffset.UtcNow < deadline, $"No notice with the badge '{badgeName}' appeared within {wait.TotalSeconds} s.");
                await Task.Delay(500);
                await OpenAsync("/app");
            }
        }

        /// <summary>Saves screenshots, runs axe-core on the tool's frame and checks the page fits narrow widths.</summary>
        public async Task CheckAsync(string name)
        {
            await browser.SaveToolFrameScreenshotAsync(name, ScreenshotFolder);
            var results = await browser.Page.RunAxe();
            Assert.Contains(results.Passes.SelectMany(rule => rule.Nodes), node => node.Target.FrameSelectors?.Any() == true);
            var blocking = results.Violations
                .Where(violation => violation.Impact is "serious" or "critical")
                .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(" | ", violation.Nodes.Select(node => node.Html))}")
                .ToList();
            Assert.True(blocking.Count == 0, $"axe-core found serious or critical violations on {name}:\n{string.Join('\n', blocking)}");

            foreach (var (viewport, width, height) in NarrowViewports)
            {
                await browser.Page.SetViewportSizeAsync(width, height);
                var frameWidth = await browser.Page.EvaluateAsync<int>($"() => document.querySelector('iframe[name={FrameName}]').clientWidth");
                var overflow = await Frame.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                await browser.SaveToolFrameScreenshotAsync($"{name}-{viewport}", ScreenshotFolder);
                Assert.True(overflow <= 0, $"{name} scrolls sideways by {overflow} px in a {frameWidth} px wide frame ({viewport}, {width} px viewport).");
            }

            await browser.Page.SetViewportSizeAsync(1280, 800);
        }
    }
}
