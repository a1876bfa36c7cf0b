using System.Net;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

public sealed class LearnerJourneyTests : IClassFixture<LearnerAppFixture>
{
    private const string Module = "/app/modules/test-module";
    private readonly LearnerAppFixture _app;

    public LearnerJourneyTests(LearnerAppFixture app)
    {
        _app = app;
    }

    [Fact]
    public async Task Module_RequiredAndElectives_CompleteOnce()
    {
        var learner = await _app.CreateLearnerAsync();

        await CompleteRequiredAsync(learner);
        using (var notYet = await _app.GetAsync(learner, Module))
        {
            var page = await LearnerAppFixture.ReadPageAsync(notYet);
            Assert.Equal("40 of 50", page.QuerySelector("[data-testid=points]")!.TextContent);
            Assert.Equal("10 points more to reach 50. The required activities left give 0 points; choose electives for the rest.", page.QuerySelector("[data-testid=points-short]")!.TextContent);
            Assert.Null(page.QuerySelector("[data-testid=module-complete]"));
        }

        using (var elective = await _app.PostWithTokenAsync(learner, Module + "/activities/extra/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, elective.StatusCode);
        }

        using (await _app.PostWithTokenAsync(learner, Module + "/activities/video/done"))
        using (var complete = await _app.GetAsync(learner, Module))
        {
            var page = await LearnerAppFixture.ReadPageAsync(complete);
            Assert.Equal("60 of 50", page.QuerySelector("[data-testid=points]")!.TextContent);
            Assert.Equal("You have completed this module and earned 1.5 credit hours.", page.QuerySelector("[data-testid=module-complete]")!.TextContent);
        }

        var moduleCompletions = _app.Events.Events
            .Where(entry => entry.Step.UserId == learner.Session.UserId && entry.Verb == LearningEventVerb.Completed && entry.Step.ActivityId is null)
            .ToList();
        Assert.Single(moduleCompletions);
        var completions = await _app.Factory.Services.GetRequiredService<ProgressStore>()
            .ListCompletionsAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken);
        Assert.Equal(("test-module", 50), (Assert.Single(completions).ModuleId, completions[0].PointsEarned));
    }

    [Fact]
    public async Task Module_ElectivesOnly_StaysIncomplete()
    {
        var learner = await _app.CreateLearnerAsync();

        foreach (var elective in new[] { "extra", "video", "unset-video" })
        {
            using var _ = await _app.PostWithTokenAsync(learner, $"{Module}/activities/{elective}/done");
        }

        using var response = await _app.GetAsync(learner, Module);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("25 of 50", page.QuerySelector("[data-testid=points]")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=module-complete]"));
        Assert.Equal(3, page.QuerySelectorAll("[data-testid=left] li").Count(item => item.TextContent.StartsWith("Required:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Dashboard_Learner_ShowsTestIdsAndPoints()
    {
        var learner = await _app.CreateLearnerAsync("Grace <b>Hopper</b>", PdRole.Instructor);
        using (await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        {
        }

        using var response = await _app.GetAsync(learner, "/app");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Hello, Grace <b>Hopper</b>.", page.QuerySelector("[data-testid=greeting]")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=greeting] b"));
        Assert.Equal("PD leader", page.QuerySelector("[data-testid=role]")!.TextContent);
        Assert.Equal("Grade 5 Team PD", page.QuerySelector("[data-testid=course]")!.TextContent);
        Assert.Equal("(none)", page.QuerySelector("[data-testid=activity]")!.TextContent);
        Assert.Equal("10", page.QuerySelector("[data-testid=total-points]")!.TextContent);
        Assert.Equal("0 of 2", page.QuerySelector("[data-testid=modules-completed]")!.TextContent);
        Assert.Equal("/app/modules", page.QuerySelector("[data-testid=catalog-link]")!.GetAttribute("href"));
        var started = page.QuerySelectorAll("[data-testid=module-progress-list] > li");
        Assert.Equal("test-module", Assert.Single(started).GetAttribute("data-module-id"));
    }

    [Fact]
    public async Task Dashboard_CompletedModule_CountsCredit()
    {
        var learner = await _app.CreateLearnerAsync();
        using (await _app.PostWithTokenAsync(learner, "/app/modules/other-module/activities/intro/done"))
        {
        }

        using var response = await _app.GetAsync(learner, "/app");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("1 of 2", page.QuerySelector("[data-testid=modules-completed]")!.TextContent);
        Assert.Equal("0.5 credit hours", page.QuerySelector("[data-testid=credit-earned]")!.TextContent);
    }

    [Fact]
    public async Task Progress_OtherLearner_IsNotShown()
    {
        var first = await _app.CreateLearnerAsync();
        var second = await _app.CreateLearnerAsync();
        await CompleteRequiredAsync(first);

        using var response = await _app.GetAsync(second, Module);
        using var dashboard = await _app.GetAsync(second, "/app");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("0 of 50", page.QuerySelector("[data-testid=points]")!.TextContent);
        Assert.All(page.QuerySelectorAll("[data-testid=activity-status]"), status => Assert.Equal("Not started", status.TextContent));
        var dashboardPage = await LearnerAppFixture.ReadPageAsync(dashboard);
        Assert.Equal("0", dashboardPage.QuerySelector("[data-testid=total-points]")!.TextContent);
    }

    private async Task CompleteRequiredAsync(Learner learner)
    {
        using var intro = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done");
        using var quiz = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "blue"), ("q-sum", "four"));
        using var reflect = await _app.PostWithTokenAsync(learner, Module + "/activities/reflect/reflection", ("reflection", "I will start each lesson with a short retrieval question."));
        Assert.Equal(HttpStatusCode.SeeOther, intro.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, quiz.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, reflect.StatusCode);
    }
}
