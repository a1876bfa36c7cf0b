using System.Net;
using LtiPd.LtiTool.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

public sealed class CatalogPagesTests : IClassFixture<LearnerAppFixture>
{
    private const string Module = "/app/modules/test-module";
    private readonly LearnerAppFixture _app;

    public CatalogPagesTests(LearnerAppFixture app)
    {
        _app = app;
    }

    [Theory]
    [InlineData("/app")]
    [InlineData("/app/modules")]
    [InlineData(Module)]
    [InlineData(Module + "/activities/intro")]
    public async Task Get_WithoutSession_Returns401(string path)
    {
        using var response = await _app.GetAsync(null, path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Sign in from your LMS", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Catalog_BrokenModule_IsLeftOutAndReported()
    {
        var catalog = _app.Factory.Services.GetRequiredService<ModuleCatalog>();
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, "/app/modules");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal(["other-module", "test-module"], page.QuerySelectorAll("[data-testid=module-card]").Select(card => card.GetAttribute("data-module-id")));
        Assert.Contains(catalog.Problems, problem => problem.File == "broken-module/module.yaml" && problem.Field == "summary");
        Assert.Contains(catalog.Problems, problem => problem.File == "broken-module/module.yaml" && problem.Field == "pointsToComplete");
    }

    [Fact]
    public async Task ModuleList_NewLearner_ShowsNotStarted()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, "/app/modules");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        var card = page.QuerySelector("[data-module-id=test-module]")!;
        Assert.Equal("Test module", card.QuerySelector("h2")!.TextContent);
        Assert.StartsWith("Not started.", card.QuerySelector("[data-testid=module-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0", card.QuerySelector("progress")!.GetAttribute("value"));
    }

    [Fact]
    public async Task ModulePage_NewLearner_ShowsWhatIsLeft()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module);

        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Test module", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("0 of 50", page.QuerySelector("[data-testid=points]")!.TextContent);
        var left = page.QuerySelectorAll("[data-testid=left] li").Select(item => item.TextContent).ToList();
        Assert.Equal("Required: Introduction (10 points)", left[0]);
        Assert.Equal("Required: The quiz (20 points)", left[1]);
        Assert.Equal("Required: Reflect on it (10 points)", left[2]);
        Assert.StartsWith("50 points more to reach 50.", left[3], StringComparison.Ordinal);
        Assert.Equal(7, page.QuerySelectorAll("[data-testid=activities] li").Length);
        Assert.Contains("Test Framework T1: Everything", page.QuerySelector("[data-testid=standards]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModulePage_Opened_EmitsLaunched()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module);

        var launched = Assert.Single(_app.Events.Events, entry => entry.Step.UserId == learner.Session.UserId);
        Assert.Equal(LearningEventVerb.Launched, launched.Verb);
        Assert.Equal("test-module", launched.Step.ModuleId);
        Assert.Null(launched.Step.ActivityId);
        Assert.Equal(learner.Session.RegistrationId, launched.Step.RegistrationId);
    }

    [Theory]
    [InlineData("/app/modules/no-such-module")]
    [InlineData("/app/modules/broken-module")]
    [InlineData(Module + "/activities/no-such-activity")]
    public async Task Get_UnknownModuleOrActivity_Returns404(string path)
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Pages_Always_SendNoStoreAndPolicy()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module + "/activities/intro");

        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Matches("script-src 'sha256-[A-Za-z0-9+/]{43}=';", policy);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline';", policy.Replace("style-src 'unsafe-inline';", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_Markup_HasLandmarksAndLabels()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, Module + "/activities/reflect");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("width=device-width", page.QuerySelector("meta[name=viewport]")!.GetAttribute("content"), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("header nav[aria-label]"));
        Assert.NotNull(page.QuerySelector("main#main"));
        Assert.Equal("#main", page.QuerySelector("a.skip")!.GetAttribute("href"));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.NotNull(page.QuerySelector("label[for=reflection]"));
        Assert.Contains(":focus-visible", page.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
    }
}
