using System.Net;
using LtiPd.LtiTool.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

public sealed class ActivityPlayerTests : IClassFixture<LearnerAppFixture>
{
    private const string Module = "/app/modules/test-module";
    private readonly LearnerAppFixture _app;

    public ActivityPlayerTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private ProgressStore Progress => _app.Factory.Services.GetRequiredService<ProgressStore>();

    [Fact]
    public async Task ReadActivity_Form_CarriesCsrfToken()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module + "/activities/intro");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        var form = page.QuerySelector("main form")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(Module + "/activities/intro/done", form.GetAttribute("action"));
        Assert.Equal(learner.Session.CsrfToken, form.QuerySelector("input[name=csrf_token]")!.GetAttribute("value"));
        Assert.Contains("Read this first.", page.QuerySelector("[data-testid=activity-body]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkDone_ValidToken_StoresDone()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(Module + "/activities/intro", response.Headers.Location!.OriginalString);
        var record = Assert.Single(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
        Assert.Equal(("test-module", "intro", ActivityStatus.Done, 1), (record.ModuleId, record.ActivityId, record.Status, record.Attempts));
        Assert.NotNull(record.FirstDoneAt);

        using var page = await _app.GetAsync(learner, Module + "/activities/intro");
        var document = await LearnerAppFixture.ReadPageAsync(page);
        Assert.Equal("Done", document.QuerySelector("[data-testid=activity-status]")!.TextContent);
        Assert.NotNull(document.QuerySelector("[data-testid=marked-done]"));
        Assert.Null(document.QuerySelector("main form"));
    }

    [Fact]
    public async Task MarkDone_Twice_CompletesOnce()
    {
        var learner = await _app.CreateLearnerAsync();

        using (await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        using (await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        {
        }

        var verbs = _app.Events.Events.Where(entry => entry.Step.UserId == learner.Session.UserId).Select(entry => entry.Verb).ToList();
        Assert.Equal([LearningEventVerb.Experienced, LearningEventVerb.Completed], verbs);
    }

    [Fact]
    public async Task Post_MissingCsrfToken_Returns403()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.PostFormAsync(learner, Module + "/activities/intro/done", []);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Post_WrongCsrfToken_Returns403()
    {
        var learner = await _app.CreateLearnerAsync();
        var other = await _app.CreateLearnerAsync();

        using var wrong = await _app.PostFormAsync(learner, Module + "/activities/intro/done", [KeyValuePair.Create("csrf_token", "not-the-token")]);
        using var othersToken = await _app.PostFormAsync(learner, Module + "/activities/reflect/reflection",
            [KeyValuePair.Create("csrf_token", other.Session.CsrfToken), KeyValuePair.Create("reflection", new string('x', 100))]);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, othersToken.StatusCode);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Post_WithoutSession_Returns401()
    {
        using var response = await _app.PostFormAsync(null, Module + "/activities/intro/done", [KeyValuePair.Create("csrf_token", "anything")]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_FormOfAnotherKind_Returns400()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/done");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Quiz_AllCorrect_PassesAndIsDone()
    {
        var learner = await _app.CreateLearnerAsync();

        using var posted = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "blue"), ("q-sum", "four"));
        using var response = await _app.GetAsync(learner, posted.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal(Module + "/activities/quiz?result=latest", posted.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        var result = page.QuerySelector("[data-testid=quiz-result]")!;
        Assert.Equal("true", result.GetAttribute("data-passed"));
        Assert.Equal("You passed: 2 of 2 correct (100%). Mastery is 100%.", result.QuerySelector("[data-testid=quiz-score]")!.TextContent);
        var feedback = page.QuerySelectorAll("[data-testid=feedback]").Select(item => item.TextContent).ToList();
        Assert.Contains("Right, the sky looks blue.", feedback[0], StringComparison.Ordinal);
        Assert.Contains("Yes, four.", feedback[1], StringComparison.Ordinal);
        var record = Assert.Single(await Progress.ListForModuleAsync(learner.Session.RegistrationId, learner.Session.UserId, "test-module", TestContext.Current.CancellationToken));
        Assert.Equal((ActivityStatus.Done, 100, 100), (record.Status, record.LastScorePercent, record.BestScorePercent));
        Assert.Equal("{\"colour\":\"blue\",\"sum\":\"four\"}", record.Response);
    }

    [Fact]
    public async Task QuizResult_Reloaded_RecordsOneAttempt()
    {
        var learner = await _app.CreateLearnerAsync();

        using var posted = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "green"), ("q-sum", "four"));
        using var first = await _app.GetAsync(learner, posted.Headers.Location!.OriginalString);
        using var reloaded = await _app.GetAsync(learner, posted.Headers.Location!.OriginalString);

        var page = await LearnerAppFixture.ReadPageAsync(reloaded);
        Assert.Equal("false", page.QuerySelector("[data-testid=quiz-result]")!.GetAttribute("data-passed"));
        var record = Assert.Single(await Progress.ListForModuleAsync(learner.Session.RegistrationId, learner.Session.UserId, "test-module", TestContext.Current.CancellationToken));
        Assert.Equal(1, record.Attempts);
        Assert.Equal(3, _app.Events.Events.Count(entry => entry.Step.UserId == learner.Session.UserId));
    }

    [Fact]
    public async Task Quiz_BelowMastery_FailsWithFeedback()
    {
        var learner = await _app.CreateLearnerAsync();

        using var posted = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "green"), ("q-sum", "four"));
        using var response = await _app.GetAsync(learner, posted.Headers.Location!.OriginalString);

        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("false", page.QuerySelector("[data-testid=quiz-result]")!.GetAttribute("data-passed"));
        var wrong = page.QuerySelector("[data-testid=feedback][data-question-id=colour]")!;
        Assert.Equal("false", wrong.GetAttribute("data-correct"));
        Assert.Contains("Not green; look up on a clear day.", wrong.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Right, the sky looks blue.", wrong.TextContent, StringComparison.Ordinal);
        var record = Assert.Single(await Progress.ListForModuleAsync(learner.Session.RegistrationId, learner.Session.UserId, "test-module", TestContext.Current.CancellationToken));
        Assert.Equal((ActivityStatus.Attempted, 50), (record.Status, record.BestScorePercent));
        var verbs = _app.Events.Events.Where(entry => entry.Step.UserId == learner.Session.UserId).Select(entry => entry.Verb).ToList();
        Assert.Equal([LearningEventVerb.Answered, LearningEventVerb.Answered, LearningEventVerb.Failed], verbs);
    }

    [Fact]
    public async Task Quiz_FailAfterPass_StaysDone()
    {
        var learner = await _app.CreateLearnerAsync();

        using (await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "green"), ("q-sum", "four")))
        using (await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "blue"), ("q-sum", "four")))
        using (await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "green"), ("q-sum", "five")))
        {
        }

        var record = Assert.Single(await Progress.ListForModuleAsync(learner.Session.RegistrationId, learner.Session.UserId, "test-module", TestContext.Current.CancellationToken));
        Assert.Equal((ActivityStatus.Done, 3, 0, 100), (record.Status, record.Attempts, record.LastScorePercent, record.BestScorePercent));
        var passed = _app.Events.Events.Where(entry => entry.Step.UserId == learner.Session.UserId && entry.Verb == LearningEventVerb.Passed);
        Assert.Equal(100, Assert.Single(passed).Step.ScorePercent);
    }

    [Fact]
    public async Task Quiz_Unanswered_NamesTheQuestion()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "blue"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Answer every question before you submit. Missing: question 2.", page.QuerySelector("[data-testid=error]")!.TextContent);
        Assert.True(page.QuerySelector("#q-colour-blue")!.HasAttribute("checked"));
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Quiz_TwoOptionsForOneQuestion_NamesTheQuestion()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "blue"), ("q-colour", "red"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Choose one option per question. More than one option was sent for question 1.", page.QuerySelector("[data-testid=error]")!.TextContent);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reflection_TooShort_KeepsDraft()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.PostWithTokenAsync(learner, Module + "/activities/reflect/reflection", ("reflection", "  Too short.  "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Your reflection has 10 characters. Write at least 40 characters (30 more) to finish this activity.", page.QuerySelector("[data-testid=error]")!.TextContent);
        var textarea = page.QuerySelector("textarea#reflection")!;
        Assert.Equal("Too short.", textarea.TextContent);
        Assert.Equal("true", textarea.GetAttribute("aria-invalid"));
        Assert.Contains("form-error", textarea.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reflection_TooLong_Returns400()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.PostWithTokenAsync(learner, Module + "/activities/reflect/reflection", ("reflection", new string('a', 401)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Your reflection has 401 characters, more than the limit of 400. Shorten it by 1 characters.", page.QuerySelector("[data-testid=error]")!.TextContent);
    }

    [Fact]
    public async Task Reflection_MarkupAttack_ShownSanitised()
    {
        var learner = await _app.CreateLearnerAsync();
        const string Text = "I will try exit tickets. <script>alert('x')</script> <img src=x onerror=alert(1)> [notes](javascript:alert(2)) **bold plan**";

        using var response = await _app.PostWithTokenAsync(learner, Module + "/activities/reflect/reflection", ("reflection", Text));
        using var page = await _app.GetAsync(learner, Module + "/activities/reflect");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var record = Assert.Single(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
        Assert.Equal(Text, record.Response);
        var document = await LearnerAppFixture.ReadPageAsync(page);
        var saved = document.QuerySelector("[data-testid=saved-reflection]")!;
        Assert.Empty(document.QuerySelectorAll("main script, main img"));
        Assert.Empty(saved.QuerySelectorAll("[onerror], a[href^=javascript]"));
        Assert.Equal("bold plan", saved.QuerySelector("strong")!.TextContent);
        Assert.Contains("<script>alert('x')</script>", saved.TextContent, StringComparison.Ordinal);
        Assert.Equal(Text, document.QuerySelector("textarea#reflection")!.TextContent);
    }

    [Fact]
    public async Task Watch_ConfiguredSlot_EmbedsVideoWithCaptionsLink()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module + "/activities/video");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        var frame = page.QuerySelector("iframe[data-testid=video]")!;
        Assert.Equal(LearnerAppFixture.ConfiguredVideoUrl, frame.GetAttribute("src"));
        Assert.Equal("Video: A configured video", frame.GetAttribute("title"));
        Assert.Equal(LearnerAppFixture.ConfiguredCaptionsUrl, page.QuerySelector("[data-testid=captions]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Watch_UnconfiguredSlot_ShowsPlaceholder()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module + "/activities/unset-video");
        using var done = await _app.PostWithTokenAsync(learner, Module + "/activities/unset-video/done");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Null(page.QuerySelector("iframe"));
        Assert.Contains("unset-video", page.QuerySelector("[data-testid=video-placeholder]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
    }

    [Fact]
    public async Task Evidence_Page_ShowsRubricGrid()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module + "/activities/evidence");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        var rubric = page.QuerySelector("[data-testid=rubric]")!;
        Assert.Equal(["Criterion", "Beginning (1)", "Proficient (3)"], rubric.QuerySelectorAll("thead th").Select(cell => cell.TextContent));
        Assert.Equal("Clarity", rubric.QuerySelector("tbody th[scope=row]")!.TextContent);
        Assert.Equal(["Unclear steps.", "Clear steps."], rubric.QuerySelectorAll("tbody td").Select(cell => cell.TextContent));
        Assert.NotNull(page.QuerySelector("[data-testid=evidence-form]"));
    }
}
