using System.Net;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

/// <summary>The dashboard links every leader page a role may open, since the LMS iframe has no address bar.</summary>
public sealed class DashboardLeaderLinksTests : IClassFixture<LearnerAppFixture>
{
    private static readonly string[] LeaderPages = ["/app/review", "/app/live-sessions", "/app/pathways", "/app/compliance", "/app/analytics", "/app/recognition/admin", "/app/challenges", "/app/settings"];
    private readonly LearnerAppFixture _app;

    public DashboardLeaderLinksTests(LearnerAppFixture app)
    {
        _app = app;
    }

    [Fact]
    public async Task Dashboard_Instructor_LinksEachLeaderPage()
    {
        var leader = await _app.CreateLearnerAsync("Priya Leader", PdRole.Instructor);

        var links = await LeaderLinksAsync(leader);

        Assert.Equal(LeaderPages, links);
        foreach (var link in links)
        {
            using var page = await _app.GetAsync(leader, link);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{link} answered {(int)page.StatusCode} to a PD leader");
        }
    }

    [Fact]
    public async Task Dashboard_Administrator_AlsoLinksPrivacyPage()
    {
        var admin = await _app.CreateLearnerAsync("Dana Admin", PdRole.Administrator);

        var links = await LeaderLinksAsync(admin);

        Assert.Equal([.. LeaderPages, "/app/admin/privacy"], links);
        using var page = await _app.GetAsync(admin, "/app/admin/privacy");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Learner_HasNoLeaderLinks()
    {
        var learner = await _app.CreateLearnerAsync();

        var links = await LeaderLinksAsync(learner);

        Assert.Empty(links);
    }

    private async Task<List<string>> LeaderLinksAsync(Learner person)
    {
        using var response = await _app.GetAsync(person, "/app");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        return page.QuerySelectorAll("nav[aria-label='PD leader tasks'] a").Select(link => link.GetAttribute("href")!).ToList();
    }
}
