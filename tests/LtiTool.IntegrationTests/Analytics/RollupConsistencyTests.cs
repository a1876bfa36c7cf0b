using Dapper;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The rollups the projector keeps hold the same figures as the facts they summarise, after
/// incremental projection, after a user becomes known late, and after <c>analytics rebuild</c>.
/// </summary>
public sealed class RollupConsistencyTests
{
    private const string March = "/app/analytics?from=2026-03-01&to=2026-03-31";

    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task WeeklyRollup_EveryFilter_EqualsFacts(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await LeaderDashboardTests.SeedAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        // Zed works before their LTI user exists, so the projector counts them without a school
        // until a later request links them to Hill.
        await district.LaunchedAsync("zed", "test-module", Monday.AddDays(2));
        using (var first = await host.GetAsync(leader, March))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        }

        await district.AddPersonAsync("zed", "Zed Zimmer", "hill", PdRole.Learner);
        await district.ExperiencedAsync("cy", "other-module", Monday.AddDays(15));
        using (var second = await host.GetAsync(leader, March))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, second.StatusCode);
        }

        var projected = await ReadWeeklyRollupAsync(host, district.DistrictId);
        await AssertWeeklyEqualsFactsAsync(host, district);
        Assert.Contains(("2026-03-02", "hill", "*", "*", 1L), projected);
        Assert.Contains(("2026-03-02", "*", "*", "*", 3L), projected);
        Assert.Contains(("2026-03-09", "lincoln", district.CourseId, "Learner", 2L), projected);

        var rebuilt = await host.Services.GetRequiredService<AnalyticsProjector>().RebuildAsync(district.DistrictId, TestContext.Current.CancellationToken);

        Assert.Equal([district.DistrictId], rebuilt);
        Assert.Equal(projected, await ReadWeeklyRollupAsync(host, district.DistrictId));
        await AssertWeeklyEqualsFactsAsync(host, district);
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task WeeklyRollup_ManyLearnersOneBatch_EqualsFacts(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await LeaderDashboardTests.SeedAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        using (var first = await host.GetAsync(leader, March))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        }

        var before = await ReadWeeklyRollupAsync(host, district.DistrictId);
        var allBefore = before.Where(row => row is ("2026-03-23", "*", "*", "*", _)).Sum(row => row.Learners);
        var factsBefore = await CountFactsSinceAsync(host, district.DistrictId, Monday.AddDays(21));

        // 130 learners, half of them known in Hill, project in one batch, so on SQLite every
        // lookup by actor runs in several lists and every row insert in single-row statements.
        const int Learners = 130;
        for (var index = 0; index < Learners; index++)
        {
            var key = $"crowd{index}";
            if (index % 2 == 0)
            {
                await district.AddPersonAsync(key, $"Crowd {index}", "hill", PdRole.Learner);
            }

            await district.LaunchedAsync(key, "test-module", Monday.AddDays(21).AddMinutes(index));
        }

        using (var second = await host.GetAsync(leader, March))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, second.StatusCode);
        }

        var projected = await ReadWeeklyRollupAsync(host, district.DistrictId);
        await AssertWeeklyEqualsFactsAsync(host, district);
        Assert.Contains(("2026-03-23", "*", "*", "*", allBefore + Learners), projected);
        Assert.Contains(projected, row => row is ("2026-03-23", "hill", "*", "*", >= Learners / 2));
        Assert.Equal(factsBefore + Learners, await CountFactsSinceAsync(host, district.DistrictId, Monday.AddDays(21)));
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task SubmissionRollup_FirstReviews_EqualFacts(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await LeaderDashboardTests.SeedAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        // The review of e5 is projected in a later batch than its submission.
        var late = await district.SubmittedAsync("ben", "test-module", "e5", Monday.AddDays(10));
        using (var first = await host.GetAsync(leader, March))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        }

        await district.ReviewedAsync("rita", "ben", "test-module", "e5", late, approved: true, Monday.AddDays(10).AddHours(5));
        using (var second = await host.GetAsync(leader, March))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, second.StatusCode);
        }

        var projected = await ReadSubmissionsAsync(host, district.DistrictId);
        Assert.Equal(await ExpectedSubmissionsAsync(host, district.DistrictId), projected);
        Assert.Equal(5, projected.Count);
        Assert.Single(projected, row => row.FirstReviewMs is null);
        Assert.Contains(projected, row => row.EvidenceId.Contains("e5-", StringComparison.Ordinal) && row.FirstReviewMs - row.SubmittedMs == 5 * 3_600_000L);

        await host.Services.GetRequiredService<AnalyticsProjector>().RebuildAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(projected, await ReadSubmissionsAsync(host, district.DistrictId));
    }

    // Compares the weekly chart, which reads the rollup for whole weeks, with a count over the
    // facts for every combination of the school, course and role filters.
    private static async Task AssertWeeklyEqualsFactsAsync(DashboardHost host, SeededDistrict district)
    {
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var database = host.Services.GetRequiredService<Database>();
        foreach (var school in new[] { null, "lincoln", "hill" })
        {
            foreach (var course in new[] { null, district.CourseId })
            {
                foreach (PdRole? role in new PdRole?[] { null, PdRole.Learner, PdRole.Instructor })
                {
                    var filter = new DashboardFilter(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 29), school, course, null, role);
                    var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, TestContext.Current.CancellationToken);
                    var fromRollup = (await queries.WeeklyActiveAsync(district.DistrictId, filter, learners, TestContext.Current.CancellationToken))
                        .Select(row => (row.WeekStartDay, row.Learners)).ToList();
                    var fromFacts = await CountFactsAsync(database, district.DistrictId, filter);
                    Assert.True(fromFacts.SequenceEqual(fromRollup), $"school {school}, course {course}, role {role}: facts [{string.Join(", ", fromFacts)}], rollup [{string.Join(", ", fromRollup)}]");
                }
            }
        }
    }

    // Counts learners per week straight from analytics_facts, users and rosters, without the rollup.
    private static async Task<List<(int WeekStartDay, long Learners)>> CountFactsAsync(Database database, string tenant, DashboardFilter filter)
    {
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<(long ActorId, int Day, string? CourseId, string? SchoolId, string? RosterCourse, string? Role)>(
            "SELECT f.actor_id, f.day, f.course_id, u.school_id, rm.context_ref, rm.role FROM analytics_facts f " +
            "JOIN analytics_actors a ON a.actor_id = f.actor_id LEFT JOIN lti_users u ON u.id = a.user_ref " +
            "LEFT JOIN roster_members rm ON rm.registration_id = u.registration_id AND rm.subject = u.subject " +
            "WHERE f.tenant = @tenant AND f.kind IN (1, 2, 3, 4) AND f.day >= @fromDay AND f.day <= @toDay",
            new { tenant, fromDay = filter.FromDay, toDay = filter.ToDay });
        var learners = rows
            .GroupBy(row => (row.ActorId, row.Day, row.CourseId))
            .Where(group => filter.SchoolId is null || group.First().SchoolId == filter.SchoolId)
            .Where(group => filter.CourseId is null || group.Key.CourseId == filter.CourseId)
            .Where(group => filter.Role is null || group.Any(row => row.Role == filter.Role.ToString() && (filter.CourseId is null || row.RosterCourse == filter.CourseId)))
            .Select(group => (Week: AnalyticsRollups.WeekOf(group.Key.Day), group.Key.ActorId))
            .Distinct();
        return learners.GroupBy(row => row.Week).OrderBy(group => group.Key).Select(group => (group.Key, (long)group.Count())).ToList();
    }

    private static async Task<List<(string Week, string School, string Course, string Role, long Learners)>> ReadWeeklyRollupAsync(DashboardHost host, string tenant)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<(int WeekDay, string School, string Course, string Role, long Learners)>(
            "SELECT week_day, school_id, course_id, role, learners FROM analytics_weekly_active WHERE tenant = @tenant AND learners > 0",
            new { tenant });
        return rows
            .Select(row => (DashboardFilter.DateOfDay(row.WeekDay).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row.School, row.Course, row.Role, row.Learners))
            .OrderBy(row => row.Item1, StringComparer.Ordinal).ThenBy(row => row.School, StringComparer.Ordinal)
            .ThenBy(row => row.Course, StringComparer.Ordinal).ThenBy(row => row.Role, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<long> CountFactsSinceAsync(DashboardHost host, string tenant, DateTimeOffset since)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM analytics_facts WHERE tenant = @tenant AND occurred_at_ms >= @sinceMs",
            new { tenant, sinceMs = since.ToUnixTimeMilliseconds() });
    }

    private static async Task<List<SubmissionRow>> ReadSubmissionsAsync(DashboardHost host, string tenant)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>(
            "SELECT seq AS Seq, evidence_id AS EvidenceId, submitted_ms AS SubmittedMs, first_review_ms AS FirstReviewMs FROM analytics_submissions WHERE tenant = @tenant ORDER BY seq",
            new { tenant });
        return rows.ToList();
    }

    // The first approval or return at or after each submission, computed in memory from the facts.
    private static async Task<List<SubmissionRow>> ExpectedSubmissionsAsync(DashboardHost host, string tenant)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var facts = (await connection.QueryAsync<(long Seq, int Kind, string EvidenceId, long OccurredAtMs)>(
            "SELECT seq, kind, evidence_id, occurred_at_ms FROM analytics_facts WHERE tenant = @tenant AND kind IN (4, 5, 6) ORDER BY seq",
            new { tenant })).ToList();
        return facts
            .Where(fact => fact.Kind == 4)
            .Select(submission => new SubmissionRow
            {
                Seq = submission.Seq,
                EvidenceId = submission.EvidenceId,
                SubmittedMs = submission.OccurredAtMs,
                FirstReviewMs = facts
                    .Where(review => review.Kind != 4 && review.EvidenceId == submission.EvidenceId && review.OccurredAtMs >= submission.OccurredAtMs)
                    .Select(review => (long?)review.OccurredAtMs)
                    .Min(),
            })
            .ToList();
    }

    private sealed record SubmissionRow
    {
        public long Seq { get; init; }

        public string EvidenceId { get; init; } = "";

        public long SubmittedMs { get; init; }

        public long? FirstReviewMs { get; init; }
    }
}
