using System.Globalization;
using System.Net;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Recognition;

/// <summary>
/// The challenge pages and the streak calendar after a launch: a leader creates and ends a
/// challenge, a teacher joins and progresses, bad input and forged posts are rejected, and a
/// leader of another district cannot see or end the challenge.
/// </summary>
public sealed class ChallengePagesTests : IClassFixture<LearnerAppFixture>
{
    private const string Module = "/app/modules/test-module";

    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private readonly LearnerAppFixture _app;

    public ChallengePagesTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string NextWeek => DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Challenge_LeaderCreatesTeacherWins_AwardsOwnBadge()
    {
        // Arrange: a leader and a teacher of one district; the teacher keeps their name hidden.
        var district = "Challenge District " + Guid.NewGuid().ToString("N");
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor, district);
        var teacher = await _app.CreateLearnerAsync("Hidden <b>Teacher</b>", districtName: district);

        // Act: create, join, earn 10 points, end early.
        using var created = await _app.PostWithTokenAsync(leader, "/app/challenges", Fields("Fall <sprint>", "10"));
        var id = await ChallengeIdAsync(leader);
        using var teacherList = await _app.GetAsync(teacher, "/app/challenges");
        var teacherListDocument = await LearnerAppFixture.ReadPageAsync(teacherList);
        using var joined = await _app.PostWithTokenAsync(teacher, $"/app/challenges/{id}/join");
        using (var read = await _app.PostWithTokenAsync(teacher, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        var progress = await WaitForPageAsync(teacher, $"/app/challenges/{id}", html => html.Contains("You have 10 points", StringComparison.Ordinal));
        var progressDocument = await LearnerAppFixture.ReadPageAsync(progress);
        using var leaderView = await _app.GetAsync(leader, $"/app/challenges/{id}");
        var leaderDocument = await LearnerAppFixture.ReadPageAsync(leaderView);
        using var ended = await _app.PostWithTokenAsync(leader, $"/app/challenges/{id}/end");
        using var afterEnd = await _app.GetAsync(teacher, $"/app/challenges/{id}");
        var afterEndDocument = await LearnerAppFixture.ReadPageAsync(afterEnd);

        // Assert
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var card = teacherListDocument.QuerySelector($"[data-challenge-id='{id}']")!;
        Assert.Contains("Fall <sprint>", card.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("<sprint>", await teacherList.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Contains("Sprint badge", card.QuerySelector("[data-testid=challenge-badge]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector("[data-testid=join]"));
        Assert.Equal(HttpStatusCode.SeeOther, joined.StatusCode);
        Assert.Contains("100% of the goal", progressDocument.QuerySelector("[data-testid=my-progress]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("100", progressDocument.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal("A teacher (name hidden)", leaderDocument.QuerySelector("[data-testid=standings] tbody td:nth-child(2)")!.TextContent);
        Assert.DoesNotContain("Hidden", leaderDocument.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(leaderDocument.QuerySelector("[data-testid=end]"));
        Assert.Equal(HttpStatusCode.SeeOther, ended.StatusCode);
        Assert.NotNull(afterEndDocument.QuerySelector("[data-testid=won]"));
        Assert.Contains("Ended early", afterEndDocument.QuerySelector("[data-testid=state]")!.TextContent, StringComparison.Ordinal);
        var registration = (await _app.Factory.Services.GetRequiredService<PlatformRegistry>().FindByIdAsync(teacher.Session.RegistrationId, Token))!;
        var teacherId = GamificationKeys.UserId(registration.Issuer, teacher.Session.Subject);
        var standings = await _app.Factory.Services.GetRequiredService<GamificationEngine>().GetStandingsAsync(registration.DistrictId, Token);
        Assert.Contains("challenge-" + id, standings.Single(standing => standing.UserId == teacherId).Badges);
    }

    [Theory]
    [InlineData("", "10", "challenge name has 0 characters")]
    [InlineData("Sprint", "ten", "goal 'ten'")]
    [InlineData("Sprint", "0", "goal '0'")]
    public async Task Create_BadInput_Returns400NamingValue(string name, string goal, string expected)
    {
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor);

        using var response = await _app.PostWithTokenAsync(leader, "/app/challenges", Fields(name, goal));
        var document = await LearnerAppFixture.ReadPageAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, document.QuerySelector("[data-testid=error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(goal, document.QuerySelector("#goal")!.GetAttribute("value"));
        Assert.NotNull(document.QuerySelector("[data-testid=no-challenges]"));
    }

    [Fact]
    public async Task Create_BadDatesOrScope_Returns400()
    {
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor);
        var fields = Fields("Sprint", "10");

        using var badDate = await _app.PostWithTokenAsync(leader, "/app/challenges", Replace(fields, "ends", "2026-02-30"));
        using var pastEnd = await _app.PostWithTokenAsync(leader, "/app/challenges", Replace(Replace(fields, "starts", "2020-01-01"), "ends", "2020-01-02"));
        using var unknownSchool = await _app.PostWithTokenAsync(leader, "/app/challenges", Replace(fields, "scope", "school-of-another-district"));
        using var badMode = await _app.PostWithTokenAsync(leader, "/app/challenges", Replace(fields, "mode", "everyone"));

        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("2026-02-30", await badDate.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, pastEnd.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownSchool.StatusCode);
        Assert.Contains("'school-of-another-district'", (await LearnerAppFixture.ReadPageAsync(unknownSchool)).QuerySelector("[data-testid=error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
    }

    [Fact]
    public async Task Create_SeveralBadFields_ListsEveryError()
    {
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor);
        var fields = Replace(Replace(Fields("", "ten"), "ends", "2026-02-30"), "badge_name", "");

        using var response = await _app.PostWithTokenAsync(leader, "/app/challenges", fields);
        var document = await LearnerAppFixture.ReadPageAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
        [
            "Name: the challenge name has 0 characters. Give it a name of 1 to 200 characters.",
            $"Goal: the goal 'ten' is not a whole number of points from 1 to {Gamification.Challenges.ChallengeService.MaxGoalPoints}. Enter the points to reach, such as 100.",
            "Last day: '2026-02-30' is not a day written as YYYY-MM-DD. Pick it with the date field.",
            "Badge name: the name has 0 characters. Give the badge a name of 1 to 200 characters.",
        ], document.QuerySelectorAll("[data-testid=error] li").Select(item => item.TextContent));
        Assert.Equal("ten", document.QuerySelector("#goal")!.GetAttribute("value"));
        Assert.Equal("2026-02-30", document.QuerySelector("#ends")!.GetAttribute("value"));
        Assert.Equal("Reached the sprint goal.", document.QuerySelector("#badge_description")!.TextContent);
    }

    [Fact]
    public async Task Posts_WithoutCsrfOrAsTeacher_AreRejected()
    {
        var district = "Forgery District " + Guid.NewGuid().ToString("N");
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor, district);
        var teacher = await _app.CreateLearnerAsync(districtName: district);
        using (var created = await _app.PostWithTokenAsync(leader, "/app/challenges", Fields("Sprint", "10")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        }

        var id = await ChallengeIdAsync(leader);

        using var forgedCreate = await _app.PostFormAsync(leader, "/app/challenges", Fields("Forged", "10").Select(field => KeyValuePair.Create(field.Name, field.Value)));
        using var forgedEnd = await _app.PostFormAsync(leader, $"/app/challenges/{id}/end", []);
        using var forgedJoin = await _app.PostFormAsync(teacher, $"/app/challenges/{id}/join", []);
        using var teacherCreates = await _app.PostWithTokenAsync(teacher, "/app/challenges", Fields("Mine", "10"));
        using var teacherEnds = await _app.PostWithTokenAsync(teacher, $"/app/challenges/{id}/end");
        using var list = await _app.GetAsync(leader, "/app/challenges");
        var document = await LearnerAppFixture.ReadPageAsync(list);

        Assert.Equal(HttpStatusCode.Forbidden, forgedCreate.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedEnd.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedJoin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacherCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, teacherEnds.StatusCode);
        Assert.Single(document.QuerySelectorAll("[data-challenge-id]"));
        Assert.StartsWith("Running", document.QuerySelector("[data-testid=state]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherDistrict_ChallengeId_IsNotFound()
    {
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor);
        var otherLeader = await _app.CreateLearnerAsync("Olga Other", PdRole.Administrator);
        var otherTeacher = await _app.CreateLearnerAsync("Tom Other", districtName: null, sameRegistrationAs: otherLeader);
        using (var created = await _app.PostWithTokenAsync(leader, "/app/challenges", Fields("Ours only", "10")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        }

        var id = await ChallengeIdAsync(leader);

        using var view = await _app.GetAsync(otherLeader, $"/app/challenges/{id}");
        using var end = await _app.PostWithTokenAsync(otherLeader, $"/app/challenges/{id}/end");
        using var join = await _app.PostWithTokenAsync(otherTeacher, $"/app/challenges/{id}/join");
        using var otherList = await _app.GetAsync(otherLeader, "/app/challenges");
        using var ownView = await _app.GetAsync(leader, $"/app/challenges/{id}");

        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, end.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, join.StatusCode);
        Assert.DoesNotContain("Ours only", await otherList.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        var ownDocument = await LearnerAppFixture.ReadPageAsync(ownView);
        Assert.StartsWith("Running", ownDocument.QuerySelector("[data-testid=state]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreakCalendar_PauseNextWeek_ShowsPausedWeek()
    {
        var teacher = await _app.CreateLearnerAsync();
        var tenant = await TenantOfAsync(teacher);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var semester = new DateRange(today.AddDays(-30), today.AddDays(60));
        await _app.Factory.Services.GetRequiredService<GamificationEngine>().ApplyRulesAsync(tenant, RuleSet.Default with { Semesters = [semester] }, "admin-1", Token);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var nextMonday = thisMonday.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var before = await _app.GetAsync(teacher, "/app/recognition/streak");
        var beforeDocument = await LearnerAppFixture.ReadPageAsync(before);
        using var forged = await _app.PostFormAsync(teacher, "/app/recognition/streak/pause", [KeyValuePair.Create("week", nextMonday), KeyValuePair.Create("return_to", "calendar")]);
        using var badWeek = await _app.PostWithTokenAsync(teacher, "/app/recognition/streak/pause", ("week", "next week"), ("return_to", "calendar"));
        using var pastWeek = await _app.PostWithTokenAsync(teacher, "/app/recognition/streak/pause", ("week", today.AddDays(-14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("return_to", "calendar"));
        using var paused = await _app.PostWithTokenAsync(teacher, "/app/recognition/streak/pause", ("week", nextMonday), ("return_to", "calendar"));
        using var after = await _app.GetAsync(teacher, "/app/recognition/streak?notice=paused");
        var afterDocument = await LearnerAppFixture.ReadPageAsync(after);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("only you see it", beforeDocument.QuerySelector("[data-testid=privacy]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("inprogress", beforeDocument.QuerySelector($"[data-week='{thisMonday:yyyy-MM-dd}']")!.GetAttribute("data-state"));
        Assert.Equal("upcoming", beforeDocument.QuerySelector($"[data-week='{nextMonday}']")!.GetAttribute("data-state"));
        Assert.Equal("2", beforeDocument.QuerySelector("[data-testid=pauses-left]")!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWeek.StatusCode);
        Assert.Contains("'next week'", (await LearnerAppFixture.ReadPageAsync(badWeek)).QuerySelector("[data-testid=error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, pastWeek.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, paused.StatusCode);
        Assert.Equal("/app/recognition/streak?notice=paused", paused.Headers.Location!.OriginalString);
        Assert.Equal("paused", afterDocument.QuerySelector($"[data-week='{nextMonday}']")!.GetAttribute("data-state"));
        Assert.Equal("1", afterDocument.QuerySelector("[data-testid=pauses-left]")!.TextContent);
        Assert.Equal("week", afterDocument.QuerySelector("label[for=week]")?.GetAttribute("for"));
    }

    [Fact]
    public async Task Links_DashboardAndLeaderTasks_LeadToChallenges()
    {
        var teacher = await _app.CreateLearnerAsync();
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor);

        using var dashboard = await _app.GetAsync(teacher, "/app");
        using var leaderDashboard = await _app.GetAsync(leader, "/app");
        var teacherDocument = await LearnerAppFixture.ReadPageAsync(dashboard);
        var leaderDocument = await LearnerAppFixture.ReadPageAsync(leaderDashboard);

        Assert.Equal("/app/challenges", teacherDocument.QuerySelector("[data-testid=challenges-link]")!.GetAttribute("href"));
        Assert.Equal("/app/challenges", leaderDocument.QuerySelector("[data-testid=leader-challenges]")!.GetAttribute("href"));
    }

    private static (string Name, string Value)[] Fields(string name, string goal) =>
    [
        ("name", name), ("mode", "individual"), ("scope", "district"), ("goal", goal), ("starts", Today), ("ends", NextWeek),
        ("badge_name", "Sprint badge"), ("badge_description", "Reached the sprint goal."),
    ];

    private static (string Name, string Value)[] Replace((string Name, string Value)[] fields, string name, string value) =>
        fields.Select(field => field.Name == name ? (name, value) : field).ToArray();

    private async Task<string> ChallengeIdAsync(Learner leader)
    {
        using var list = await _app.GetAsync(leader, "/app/challenges");
        var document = await LearnerAppFixture.ReadPageAsync(list);
        return document.QuerySelector("[data-challenge-id]")!.GetAttribute("data-challenge-id")!;
    }

    private async Task<HttpResponseMessage> WaitForPageAsync(Learner learner, string path, Func<string, bool> ready)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            var response = await _app.GetAsync(learner, path);
            var html = await response.Content.ReadAsStringAsync(Token);
            if (ready(html) || DateTimeOffset.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(200, Token);
        }
    }

    private async Task<string> TenantOfAsync(Learner learner) =>
        (await _app.Factory.Services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, Token))!.DistrictId;
}
