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

        Assert.Equal("award-live", notice.ParentElement!.GetAttribute("data-testid"));
        Assert.Equal("polite", notice.ParentElement.GetAttribute("aria-live"));
        Assert.Equal("status", notice.ParentElement.GetAttribute("role"));
        Assert.Equal("10 points", notice.QuerySelector("[data-testid=award-points]")!.TextContent);
        Assert.Equal("Level 1", notice.QuerySelector("[data-testid=award-level]")!.TextContent);
        Assert.Null((await LearnerAppFixture.ReadPageAsync(again)).QuerySelector("[data-testid=award-notice]"));
    }

    [Fact]
    public async Task AwardPoll_AfterAward_OwnerOnlyOnce()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        var other = await app.CreateLearnerAsync("Bo Other", sameRegistrationAs: learner);
        using (var done = await app.PostWithTokenAsync(learner, "/app/modules/test-module/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var award = await WaitForPollAsync(app, learner);
        using var again = await app.GetAsync(learner, "/app/awards/new");
        using var otherPoll = await app.GetAsync(other, "/app/awards/new");
        using var anonymous = await app.GetAsync(null, "/app/awards/new");

        Assert.Equal(10, award.GetProperty("points").GetInt32());
        Assert.Equal("10 points", award.GetProperty("pointsText").GetString());
        Assert.Equal("Level 1", award.GetProperty("levelName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, otherPoll.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("no-store", again.Headers.CacheControl!.ToString());
    }

    private static async Task<System.Text.Json.JsonElement> WaitForPollAsync(LearnerAppFixture app, Learner learner)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            using var response = await app.GetAsync(learner, "/app/awards/new");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
                var json = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                return System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
            }

            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.True(DateTimeOffset.UtcNow < deadline, "The award poll returned nothing within a minute of the award.");
            await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        }
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
