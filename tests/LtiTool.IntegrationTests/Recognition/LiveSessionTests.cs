using System.Net;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Recognition;

/// <summary>
/// The PD leader's live session page: the course roster as a CSRF-protected form, an attended
/// statement per attendee through the evidence statement relay, and the engine's live-session
/// points on the learner's recognition page.
/// </summary>
public sealed class LiveSessionTests : IClassFixture<LearnerAppFixture>
{
    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private readonly LearnerAppFixture _app;

    public LiveSessionTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordAttendance_Attendee_EarnsLiveSessionPoints()
    {
        var (leader, learner, absent) = await CourseAsync();

        using var form = await _app.GetAsync(leader, "/app/live-sessions");
        var document = await LearnerAppFixture.ReadPageAsync(form);
        var boxes = document.QuerySelectorAll("[data-testid=roster] input[type=checkbox]").Select(box => box.GetAttribute("value")).ToList();
        using var recorded = await _app.PostWithTokenAsync(
            leader, "/app/live-sessions", ("title", "Week 3 <coaching> call"), ("held_on", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ("attendee", learner.Session.Subject));
        using var after = await _app.GetAsync(leader, recorded.Headers.Location!.OriginalString);
        var afterDocument = await LearnerAppFixture.ReadPageAsync(after);
        var summary = await WaitForPageAsync(learner, "/app/recognition", html => html.Contains("Attended a live session", StringComparison.Ordinal));
        var summaryDocument = await LearnerAppFixture.ReadPageAsync(summary);
        using var absentSummary = await _app.GetAsync(absent, "/app/recognition");

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(new[] { absent.Session.Subject, learner.Session.Subject }.Order(StringComparer.Ordinal), boxes.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.SeeOther, recorded.StatusCode);
        Assert.Equal("/app/live-sessions?recorded=1", recorded.Headers.Location!.OriginalString);
        Assert.Contains("Attendance recorded for 1 learner.", afterDocument.QuerySelector("[data-testid=notice]")!.TextContent, StringComparison.Ordinal);
        var row = Assert.Single(afterDocument.QuerySelectorAll("[data-testid=sessions] tbody tr"));
        Assert.Contains("Week 3 <coaching> call", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("<coaching>", await after.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        var ledgerRow = Assert.Single(summaryDocument.QuerySelectorAll("[data-testid=ledger] tbody tr"));
        Assert.Contains("+25", ledgerRow.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Attended a live session", await absentSummary.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal("http://adlnet.gov/expapi/verbs/attended", await StoredVerbAsync(learner));
    }

    [Fact]
    public async Task RecordAttendance_BadInput_NamesTheValue()
    {
        var (leader, learner, _) = await CourseAsync();
        var outsider = await _app.CreateLearnerAsync("Olu Outsider", sameRegistrationAs: leader);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var stranger = await _app.PostWithTokenAsync(leader, "/app/live-sessions", ("title", "Call"), ("held_on", today), ("attendee", outsider.Session.Subject));
        using var badDate = await _app.PostWithTokenAsync(leader, "/app/live-sessions", ("title", "Call"), ("held_on", "03/12/2026"), ("attendee", learner.Session.Subject));
        using var future = await _app.PostWithTokenAsync(leader, "/app/live-sessions", ("title", "Call"), ("held_on", "2999-01-01"), ("attendee", learner.Session.Subject));
        using var nobody = await _app.PostWithTokenAsync(leader, "/app/live-sessions", ("title", "Call"), ("held_on", today));
        using var noTitle = await _app.PostWithTokenAsync(leader, "/app/live-sessions", ("title", "  "), ("held_on", today), ("attendee", learner.Session.Subject));

        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Contains($"'{outsider.Session.Subject}' is not a learner of this course", await ErrorAsync(stranger), StringComparison.Ordinal);
        Assert.Contains("Date held: '03/12/2026' is not a date in the form YYYY-MM-DD", await ErrorAsync(badDate), StringComparison.Ordinal);
        Assert.Contains("Date held: 2999-01-01 is in the future", await ErrorAsync(future), StringComparison.Ordinal);
        Assert.Contains("Learners who attended: no learner is ticked", await ErrorAsync(nobody), StringComparison.Ordinal);
        Assert.Contains("Session title: the title has 0 characters", await ErrorAsync(noTitle), StringComparison.Ordinal);
        Assert.Null(await StoredVerbAsync(learner));
    }

    [Fact]
    public async Task RecordAttendance_SeveralErrors_ListsAllAndKeepsInput()
    {
        var (leader, learner, absent) = await CourseAsync();
        const string Script = "<script>alert('x')</script>";
        var hostileTitle = "Call \t" + Script;
        var hostileSubject = "\"><img src=x onerror=alert(1)>";

        using var response = await _app.PostWithTokenAsync(
            leader, "/app/live-sessions", ("title", hostileTitle), ("held_on", Script), ("attendee", learner.Session.Subject), ("attendee", hostileSubject));
        var html = await response.Content.ReadAsStringAsync(Token);
        var document = await LearnerAppFixture.ReadPageAsync(response);
        var errors = document.QuerySelectorAll("[data-testid=error] li").Select(item => item.TextContent).ToList();
        var boxes = document.QuerySelectorAll("[data-testid=roster] input[type=checkbox]")
            .ToDictionary(box => box.GetAttribute("value")!, box => box.HasAttribute("checked"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The attendance was not recorded. Fix each of these:", document.QuerySelector("[data-testid=error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, errors.Count);
        Assert.Equal($"Session title: 'Call \t{Script}' contains a control character such as a tab. Enter the title on one line without them.", errors[0]);
        Assert.Equal($"Date held: '{Script}' is not a date in the form YYYY-MM-DD. Pick the day the session was held with the date field.", errors[1]);
        Assert.Equal($"Learners who attended: '{hostileSubject}' is not a learner of this course. Reload the page and tick learners from its list.", errors[2]);
        Assert.Equal(hostileTitle.Trim(), document.QuerySelector("#session-title")!.GetAttribute("value"));
        Assert.Equal(Script, document.QuerySelector("#held-on")!.GetAttribute("value"));
        Assert.True(boxes[learner.Session.Subject]);
        Assert.False(boxes[absent.Session.Subject]);
        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain(document.QuerySelectorAll("script"), script => script.TextContent.Contains("alert", StringComparison.Ordinal));
        Assert.Null(document.QuerySelector("img[onerror]"));
        Assert.Null(await StoredVerbAsync(learner));
    }

    [Fact]
    public async Task LiveSessions_LearnerOrNoToken_IsRejected()
    {
        var (leader, learner, _) = await CourseAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var learnerPage = await _app.GetAsync(learner, "/app/live-sessions");
        using var learnerPost = await _app.PostWithTokenAsync(learner, "/app/live-sessions", ("title", "Call"), ("held_on", today), ("attendee", learner.Session.Subject));
        using var forged = await _app.PostFormAsync(leader, "/app/live-sessions",
            [KeyValuePair.Create("title", "Call"), KeyValuePair.Create("held_on", today), KeyValuePair.Create("attendee", learner.Session.Subject)]);
        using var anonymous = await _app.GetAsync(null, "/app/live-sessions");

        Assert.Equal(HttpStatusCode.Forbidden, learnerPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, learnerPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("security token", await forged.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Null(await StoredVerbAsync(learner));
    }

    /// <summary>A PD leader's course with two learners who launched it; the second one is absent.</summary>
    private async Task<(Learner Leader, Learner Learner, Learner Absent)> CourseAsync()
    {
        var leader = await _app.CreateLearnerAsync("Priya Leader", PdRole.Instructor, "Live District " + Guid.NewGuid().ToString("N"));
        var learner = await _app.CreateLearnerAsync("Maya Present", sameRegistrationAs: leader);
        var absent = await _app.CreateLearnerAsync("Luis Absent", sameRegistrationAs: leader);
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(Token);
        foreach (var member in new[] { learner, absent })
        {
            await connection.ExecuteAsync(database.Command(SqlText.Portable(
                "INSERT INTO pd_launch_memberships (registration_id, user_ref, context_ref, role, last_launch_at_ms) VALUES (@RegistrationId, @UserRef, @ContextRef, 'Learner', 1)"),
                new { leader.Session.RegistrationId, UserRef = member.Session.UserId, ContextRef = leader.Session.ContextId }, Token));
        }

        return (leader, learner, absent);
    }

    private async Task<string?> StoredVerbAsync(Learner learner)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(Token);
        var json = await connection.QuerySingleOrDefaultAsync<string?>(database.Command(SqlText.Portable(
            "SELECT s.statement_json FROM evidence_statements s JOIN live_session_attendees a ON a.statement_id = s.statement_id " +
            "WHERE s.registration_id = @RegistrationId AND a.subject = @Subject"),
            new { learner.Session.RegistrationId, learner.Session.Subject }, Token));
        return json is null ? null : System.Text.Json.Nodes.JsonNode.Parse(json)!["verb"]!["id"]!.GetValue<string>();
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var document = await LearnerAppFixture.ReadPageAsync(response);
        return document.QuerySelector("[data-testid=error]")!.TextContent;
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
}
