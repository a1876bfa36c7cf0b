using System.Globalization;
using System.Net;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.IntegrationTests.Pathways;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.Recognition;

/// <summary>
/// A PD leader's corrections of recorded live session attendance: an absence voids the attended
/// statement and reverses its points, a presence writes a new one, each correction is audited,
/// and no correction ever pays a session twice.
/// </summary>
public sealed class LiveSessionCorrectionTests
{
    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task Correction_AbsentAndPresent_ReversesAndPaysOnce(DatabaseProvider provider)
    {
        // Arrange: Maya is recorded as present and earns the default 25 live-session points. Luis
        // attended too, but the leader missed him.
        await using var host = await PathwaysHost.StartAsync(provider);
        var (registration, leader, maya, luis, sessionId) = await RecordedSessionAsync(host);
        var attended = await AttendeeStatementAsync(host, sessionId, maya.Session.Subject);
        Assert.Equal(25, await WaitForPointsAsync(host, registration.DistrictId, 25));
        var path = $"/app/live-sessions/{sessionId}/corrections";

        // Act
        using var absent = await host.PostAsync(leader, path, [("subject", maya.Session.Subject), ("action", "absent"), ("reason", "Left after <b>ten</b> minutes")]);
        var pointsAfterAbsent = await WaitForPointsAsync(host, registration.DistrictId, 0);
        using var absentAgain = await host.PostAsync(leader, path, [("subject", maya.Session.Subject), ("action", "absent"), ("reason", "Twice")]);
        using var mayaBack = await host.PostAsync(leader, path, [("subject", maya.Session.Subject), ("action", "present"), ("reason", "Came back")]);
        using var luisPresent = await host.PostAsync(leader, path, [("subject", luis.Session.Subject), ("action", "present"), ("reason", "Was on the call")]);
        var pointsAfterPresent = await WaitForPointsAsync(host, registration.DistrictId, 25);
        using var luisAgain = await host.PostAsync(leader, path, [("subject", luis.Session.Subject), ("action", "present"), ("reason", "Twice")]);
        await Task.Delay(TimeSpan.FromSeconds(3), Token);
        var finalPoints = await PointsAsync(host, registration.DistrictId);
        var page = await host.GetPageAsync(leader, $"/app/live-sessions/{sessionId}");
        using var pageResponse = await host.GetAsync(leader, $"/app/live-sessions/{sessionId}");
        var html = await pageResponse.Content.ReadAsStringAsync(Token);

        // Assert: the absence voided Maya's attended statement in the LRS and reversed its points.
        Assert.Equal(HttpStatusCode.SeeOther, absent.StatusCode);
        Assert.Equal($"/app/live-sessions/{sessionId}?corrected=absent", absent.Headers.Location!.OriginalString);
        Assert.Equal(0, pointsAfterAbsent);
        Assert.Equal(1L, await ScalarAsync<long>(host, "SELECT voided FROM lrs_statements WHERE statement_id = @Id", new { Id = attended }));
        Assert.Null(await AttendeeStatementAsync(host, sessionId, maya.Session.Subject));

        // A second absence, Maya's return and Luis's second presence are rejected and pay nothing.
        Assert.Contains($"'{maya.Session.Subject}' is not recorded as present", await ErrorAsync(absentAgain), StringComparison.Ordinal);
        Assert.Contains($"'{maya.Session.Subject}' was marked absent at this session before", await ErrorAsync(mayaBack), StringComparison.Ordinal);
        Assert.Contains($"'{luis.Session.Subject}' is already recorded as present", await ErrorAsync(luisAgain), StringComparison.Ordinal);

        // Luis's presence wrote a new attended statement and paid the session once.
        Assert.Equal(HttpStatusCode.SeeOther, luisPresent.StatusCode);
        Assert.Equal(25, pointsAfterPresent);
        Assert.Equal(25, finalPoints);
        var luisStatement = await AttendeeStatementAsync(host, sessionId, luis.Session.Subject);
        Assert.Equal(0L, await ScalarAsync<long>(host, "SELECT voided FROM lrs_statements WHERE statement_id = @Id", new { Id = luisStatement }));

        // The audit trail keeps both accepted corrections, oldest first, with reason and leader.
        var corrections = (await QueryAsync<(string Subject, string Action, string Reason, string CorrectedBy, string? VoidedStatementId)>(host,
            "SELECT subject, action, reason, corrected_by, voided_statement_id FROM live_session_corrections WHERE session_id = @SessionId ORDER BY corrected_at_ms, id",
            new { SessionId = sessionId })).ToList();
        Assert.Equal(2, corrections.Count);
        Assert.Equal((maya.Session.Subject, "absent", "Left after <b>ten</b> minutes", leader.Session.UserId, attended), corrections[0]);
        Assert.Equal((luis.Session.Subject, "present", "Was on the call", leader.Session.UserId, (string?)null), corrections[1]);
        var rows = page.QuerySelectorAll("[data-testid=corrections] tbody tr").Select(row => row.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("Left after <b>ten</b> minutes", rows[0], StringComparison.Ordinal);
        Assert.Contains("Priya Leader", rows[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<b>ten</b>", html, StringComparison.Ordinal);
        var statuses = page.QuerySelectorAll("[data-testid=attendance] tbody tr")
            .ToDictionary(row => row.GetAttribute("data-subject")!, row => row.QuerySelector("[data-testid=status]")!.TextContent);
        Assert.Equal("Absent", statuses[maya.Session.Subject]);
        Assert.Equal("Present", statuses[luis.Session.Subject]);
    }

    [Theory]
    [DatabaseData]
    public async Task Correction_OtherDistrictLearnerOrNoToken_IsRejected(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var (_, leader, learner, _, sessionId) = await RecordedSessionAsync(host);
        var other = await host.RegisterAsync("Other District " + Guid.NewGuid().ToString("N"));
        var otherCourse = await host.AddCourseAsync(other, "Other course");
        var otherLeader = await host.SignInAsync(other, "Omar Leader", PdRole.Instructor, contextRef: otherCourse);
        var path = $"/app/live-sessions/{sessionId}/corrections";
        (string, string)[] fields = [("subject", learner.Session.Subject), ("action", "absent"), ("reason", "Left early")];

        using var otherPage = await host.GetAsync(otherLeader, $"/app/live-sessions/{sessionId}");
        using var otherPost = await host.PostAsync(otherLeader, path, fields);
        using var learnerPost = await host.PostAsync(learner, path, fields);
        using var forged = await host.PostAsync(leader, path, fields, withToken: false);
        using var noReason = await host.PostAsync(leader, path, [("subject", learner.Session.Subject), ("action", "absent"), ("reason", " ")]);
        using var badAction = await host.PostAsync(leader, path, [("subject", learner.Session.Subject), ("action", "delete"), ("reason", "Typo")]);

        Assert.Equal(HttpStatusCode.NotFound, otherPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, learnerPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("Reason: the reason has 0 characters", await ErrorAsync(noReason), StringComparison.Ordinal);
        Assert.Contains("Action: 'delete' is not a correction. Choose absent or present.", await ErrorAsync(badAction), StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync<long>(host, "SELECT COUNT(*) FROM live_session_corrections", new { }));
        Assert.NotNull(await AttendeeStatementAsync(host, sessionId, learner.Session.Subject));
    }

    /// <summary>A course whose leader recorded Maya at a session; Luis is on the roster but was not recorded.</summary>
    private static async Task<(PlatformRegistration Registration, Learner Leader, Learner Maya, Learner Luis, string SessionId)> RecordedSessionAsync(PathwaysHost host)
    {
        var registration = await host.RegisterAsync("Correction District " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Coaching course");
        var leader = await host.SignInAsync(registration, "Priya Leader", PdRole.Instructor, contextRef: course);
        var maya = await host.SignInAsync(registration, "Maya Present", contextRef: course);
        var luis = await host.SignInAsync(registration, "Luis Missed", contextRef: course);
        await host.AddRosterMemberAsync(registration, course, maya.Session.Subject, "Maya Present");
        await host.AddRosterMemberAsync(registration, course, luis.Session.Subject, "Luis Missed");
        using (var recorded = await host.PostAsync(leader, "/app/live-sessions", [("title", "Week 3 call"), ("held_on", Today()), ("attendee", maya.Session.Subject)]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, recorded.StatusCode);
        }

        var sessionId = (await ScalarAsync<string>(host, "SELECT id FROM live_sessions WHERE context_ref = @Course", new { Course = course }))!;
        return (registration, leader, maya, luis, sessionId);
    }

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var document = await PathwaysHost.ReadPageAsync(response);
        return document.QuerySelector("[data-testid=error]")!.TextContent;
    }

    private static Task<string?> AttendeeStatementAsync(PathwaysHost host, string sessionId, string subject) =>
        ScalarAsync<string?>(host, "SELECT statement_id FROM live_session_attendees WHERE session_id = @SessionId AND subject = @Subject",
            new { SessionId = sessionId, Subject = subject });

    private static Task<long> PointsAsync(PathwaysHost host, string districtId) =>
        ScalarAsync<long>(host, "SELECT COALESCE(SUM(points), 0) FROM gamification_ledger WHERE tenant_id = @DistrictId AND status = 'counted'",
            new { DistrictId = districtId });

    /// <summary>Polls the district's counted points until they equal <paramref name="expected"/> or the wait ends; returns the last sum.</summary>
    private static async Task<long> WaitForPointsAsync(PathwaysHost host, string districtId, long expected)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            var points = await PointsAsync(host, districtId);
            if (points == expected || DateTimeOffset.UtcNow > deadline)
            {
                return points;
            }

            await Task.Delay(200, Token);
        }
    }

    private static async Task<T?> ScalarAsync<T>(PathwaysHost host, string sql, object parameters)
    {
        await using var connection = await host.Database.OpenAsync(Token);
        return await connection.QuerySingleOrDefaultAsync<T>(host.Database.Command(SqlText.Portable(sql), parameters, Token));
    }

    private static async Task<IEnumerable<T>> QueryAsync<T>(PathwaysHost host, string sql, object parameters)
    {
        await using var connection = await host.Database.OpenAsync(Token);
        return await connection.QueryAsync<T>(host.Database.Command(SqlText.Portable(sql), parameters, Token));
    }
}
