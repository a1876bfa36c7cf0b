using System.Net;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.Storage;

namespace LtiPd.LtiTool.IntegrationTests.Review;

/// <summary>The points notice on the learner pages: shown once after an award, in a polite live region.</summary>
public sealed class AwardNoticeTests : IClassFixture<ReviewApps>
{
    // The engine polls every second in the fixture. This bounds the wait on a slow machine.
    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private readonly ReviewApps _apps;

    public AwardNoticeTests(ReviewApps apps)
    {
        _apps = apps;
    }

    [Fact]
    public async Task Dashboard_AfterAward_ShowsNoticeOnce()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        using (var done = await app.PostWithTokenAsync(learner, "/app/modules/test-module/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var notice = await WaitForNoticeAsync(app, learner);
        using var again = await app.GetAsync(learner, "/app");

        Assert.Equal("polite", notice.GetAttribute("aria-live"));
        Assert.Equal("status", notice.GetAttribute("role"));
        Assert.Equal("10 points", notice.QuerySelector("[data-testid=award-points]")!.TextContent);
        Assert.Equal("Level 1", notice.QuerySelector("[data-testid=award-level]")!.TextContent);
        Assert.Null((await LearnerAppFixture.ReadPageAsync(again)).QuerySelector("[data-testid=award-notice]"));
    }

    private static async Task<AngleSharp.Dom.IElement> WaitForNoticeAsync(LearnerAppFixture app, Learner learner)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            using var response = await app.GetAsync(learner, "/app");
            var notice = (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=award-notice]");
            if (notice is not null)
            {
                return notice;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "No award notice appeared on the dashboard within a minute of the award.");
            await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        }
    }
}
