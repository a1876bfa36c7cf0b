using Dapper;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The weekly chart under a module and a role filter, and the reviewer chart under a role filter,
/// return the figures of the queries they replaced. Before, the weekly count searched the facts
/// through the learners' actor index, and the reviewer count looked up the submission of each
/// review. The reviewer chart reads <c>analytics_reviews</c>, which these tests also follow
/// through a review projected before its submission, a resubmission, a void and a rebuild.
/// </summary>
public sealed class LearnerSetQueryTests
{
    private const string March = "/app/analytics?from=2026-03-01&to=2026-03-31";

    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly FirstDay = new(2026, 3, 2);

    private static readonly DateOnly LastDay = new(2026, 3, 15);

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task WeeklyActive_ModuleRoleCourse_CountsRangeOnly(DatabaseProvider provider)
    {
        // Arrange: Ann and Ben are learners, Ida an instructor. Ann also worked in the module
        // before the range, and Ben in another module in the second week.
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedPeopleAsync(host);
        await district.LaunchedAsync("ann", "test-module", Monday.AddDays(-40));
        await district.LaunchedAsync("ann", "test-module", Monday);
        await district.ExperiencedAsync("ann", "test-module", Monday.AddDays(8));
        await district.ExperiencedAsync("ben", "test-module", Monday.AddDays(1));
        await district.LaunchedAsync("ben", "other-module", Monday.AddDays(9));
        await district.LaunchedAsync("ida", "test-module", Monday.AddDays(2));
        await LoadPageAsync(host, district);
        var queries = host.Services.GetRequiredService<DashboardQueries>();

        // Act
        var learners = await WeeklyAsync(queries, district, new DashboardFilter(FirstDay, LastDay, null, district.CourseId, "test-module", PdRole.Learner));
        var instructors = await WeeklyAsync(queries, district, new DashboardFilter(FirstDay, LastDay, null, null, "test-module", PdRole.Instructor));
        var otherModule = await WeeklyAsync(queries, district, new DashboardFilter(FirstDay, LastDay, null, district.CourseId, "other-module", PdRole.Learner));

        // Assert
        var firstWeek = FirstDay.DayNumber - new DateOnly(1970, 1, 1).DayNumber;
        Assert.Equal([(firstWeek, 2L), (firstWeek + 7, 1L)], learners);
        Assert.Equal([(firstWeek, 1L)], instructors);
        Assert.Equal([(firstWeek + 7, 1L)], otherModule);
        foreach (var filter in new[] { new DashboardFilter(FirstDay, LastDay, null, district.CourseId, "test-module", PdRole.Learner), new DashboardFilter(FirstDay, LastDay, null, null, "test-module", PdRole.Instructor) })
        {
            Assert.Equal(await WeeklyBeforeAsync(host, district, filter), await WeeklyAsync(queries, district, filter));
        }

        Assert.Empty(await WeeklyAsync(queries, district, new DashboardFilter(FirstDay, LastDay, "hill", null, "test-module", PdRole.Learner)));
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Reviewers_RoleFilter_CountsEachReviewOnce(DatabaseProvider provider)
    {
        // Arrange: Rita returns Ann's e1, Ann resubmits it and Rita approves it. Rita approves
        // Ida's e2. Lee approves Ben's e3 of the other module. Rita's return of Ben's e4 is
        // projected before Ben's submission of e4, and Rita's review of e5 falls after the range.
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedPeopleAsync(host);
        var e4Returned = await district.ReviewedAsync("rita", "ben", "test-module", "e4", "event-e4", approved: false, Monday.AddDays(5));
        await LoadPageAsync(host, district);
        var e1 = await district.SubmittedAsync("ann", "test-module", "e1", Monday);
        var e1Returned = await district.ReviewedAsync("rita", "ann", "test-module", "e1", e1, approved: false, Monday.AddHours(5));
        await district.SubmittedAsync("ann", "test-module", "e1", Monday.AddDays(1));
        await district.ReviewedAsync("rita", "ann", "test-module", "e1", e1, approved: true, Monday.AddDays(2));
        var e2 = await district.SubmittedAsync("ida", "test-module", "e2", Monday);
        await district.ReviewedAsync("rita", "ida", "test-module", "e2", e2, approved: true, Monday.AddDays(3));
        var e3 = await district.SubmittedAsync("ben", "other-module", "e3", Monday.AddDays(1));
        await district.ReviewedAsync("leader", "ben", "other-module", "e3", e3, approved: true, Monday.AddDays(4));
        await district.SubmittedAsync("ben", "test-module", "e4", Monday.AddDays(4));
        var e5 = await district.SubmittedAsync("ann", "test-module", "e5", Monday.AddDays(10));
        await district.ReviewedAsync("rita", "ann", "test-module", "e5", e5, approved: true, Monday.AddDays(20));
        await LoadPageAsync(host, district);
        var learner = new DashboardFilter(FirstDay, LastDay, null, null, null, PdRole.Learner);
        var learnerInModule = new DashboardFilter(FirstDay, LastDay, null, district.CourseId, "test-module", PdRole.Learner);
        var instructor = new DashboardFilter(FirstDay, LastDay, null, district.CourseId, null, PdRole.Instructor);

        // Act
        var byLearners = await ReviewersAsync(host, district, learner);
        var byLearnersInModule = await ReviewersAsync(host, district, learnerInModule);
        var byInstructors = await ReviewersAsync(host, district, instructor);

        // Assert
        Assert.Equal([("Rita Reviewer", 1L, 2L), ("Lee Leader", 1L, 0L)], byLearners);
        Assert.Equal([("Rita Reviewer", 1L, 2L)], byLearnersInModule);
        Assert.Equal([("Rita Reviewer", 1L, 0L)], byInstructors);
        foreach (var filter in new[] { learner, learnerInModule, instructor })
        {
            Assert.Equal(await ReviewersBeforeAsync(host, district, filter), await ReviewersAsync(host, district, filter));
        }

        // A void takes the review out of the rollup, and a rebuild derives the same rows again.
        await district.VoidAsync("rita", e1Returned, Monday.AddDays(6));
        await district.VoidAsync("rita", e4Returned, Monday.AddDays(6));
        await LoadPageAsync(host, district);
        Assert.Equal([("Rita Reviewer", 1L, 0L), ("Lee Leader", 1L, 0L)], await ReviewersAsync(host, district, learner));
        var projected = await ReadReviewRollupAsync(host, district.DistrictId);
        await host.Services.GetRequiredService<AnalyticsProjector>().RebuildAsync(district.DistrictId, TestContext.Current.CancellationToken);
        Assert.Equal(4, projected.Count);
        Assert.Equal(projected, await ReadReviewRollupAsync(host, district.DistrictId));
        Assert.Equal(await ReviewersBeforeAsync(host, district, learner), await ReviewersAsync(host, district, learner));
    }

    private static async Task<SeededDistrict> SeedPeopleAsync(DashboardHost host)
    {
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddSchoolAsync("lincoln", "Lincoln Elementary");
        await district.AddSchoolAsync("hill", "Hill Middle");
        await district.AddPersonAsync("ann", "Ann Adams", "lincoln", PdRole.Learner);
        await district.AddPersonAsync("ben", "Ben Brown", "lincoln", PdRole.Learner);
        await district.AddPersonAsync("ida", "Ida Instructor", "hill", PdRole.Instructor);
        await district.AddPersonAsync("rita", "Rita Reviewer", null, PdRole.Instructor);
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);
        return district;
    }

    private static async Task LoadPageAsync(DashboardHost host, SeededDistrict district)
    {
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        using var response = await host.GetAsync(leader, March);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<List<(int WeekStartDay, long Learners)>> WeeklyAsync(DashboardQueries queries, SeededDistrict district, DashboardFilter filter)
    {
        var token = TestContext.Current.CancellationToken;
        var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, token);
        return (await queries.WeeklyActiveAsync(district.DistrictId, filter, learners, token)).Select(row => (row.WeekStartDay, row.Learners)).ToList();
    }

    private static async Task<List<(string? Name, long Approved, long Returned)>> ReviewersAsync(DashboardHost host, SeededDistrict district, DashboardFilter filter)
    {
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var token = TestContext.Current.CancellationToken;
        var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, token);
        return (await queries.ReviewersAsync(district.DistrictId, filter, learners, token)).Select(row => (row.ReviewerName, row.Approved, row.Returned)).ToList();
    }

    // The weekly count under a module filter as it was before the rollup work: the learning
    // facts of the whole weeks, with the learner set on actor_id.
    private static async Task<List<(int WeekStartDay, long Learners)>> WeeklyBeforeAsync(DashboardHost host, SeededDistrict district, DashboardFilter filter)
    {
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, TestContext.Current.CancellationToken);
        var wholeWeeks = filter with
        {
            From = DashboardFilter.DateOfDay(AnalyticsRollups.WeekOf(filter.FromDay)),
            To = DashboardFilter.DateOfDay(AnalyticsRollups.WeekOf(filter.ToDay) + 6),
        };
        var facts = FactFilterSql.For(district.DistrictId, wholeWeeks, "f", "1, 2, 3, 4", learners: learners);
        return await QueryAsync<(int, long)>(
            host,
            $"SELECT f.{RollupSql.WeekOfDay} AS WeekStartDay, COUNT(DISTINCT f.actor_id) AS Learners FROM {facts.From} WHERE {facts.Where} GROUP BY f.{RollupSql.WeekOfDay} ORDER BY WeekStartDay",
            facts.Parameters);
    }

    // The reviewer count under a role filter before analytics_reviews: each review in the range
    // whose evidence has a submission by a selected learner.
    private static async Task<List<(string? Name, long Approved, long Returned)>> ReviewersBeforeAsync(DashboardHost host, SeededDistrict district, DashboardFilter filter)
    {
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, TestContext.Current.CancellationToken);
        var reviews = FactFilterSql.For(district.DistrictId, filter, "r", "5, 6", person: false);
        var submissions = FactFilterSql.For(district.DistrictId, filter, "s", null, shared: reviews.Parameters, table: "analytics_submissions", learners: learners);
        return await QueryAsync<(string?, long, long)>(
            host,
            "SELECT MAX(u.name), SUM(CASE WHEN r.kind = 5 THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind = 6 THEN 1 ELSE 0 END) " +
            $"FROM {reviews.From} JOIN analytics_actors ra ON ra.actor_id = r.actor_id LEFT JOIN lti_users u ON u.id = ra.user_ref " +
            $"WHERE {reviews.Where} AND EXISTS (SELECT 1 FROM {submissions.From} WHERE s.evidence_id = r.evidence_id AND {submissions.Where}) " +
            "GROUP BY r.actor_id ORDER BY COUNT(*) DESC, r.actor_id",
            reviews.Parameters);
    }

    private static async Task<List<string>> ReadReviewRollupAsync(DashboardHost host, string tenant)
    {
        var rows = await QueryAsync<(int Day, long Seq, long ActorId, string CourseId, string ModuleId, long ReviewerId, int Kind, string EvidenceId)>(
            host,
            "SELECT day, seq, actor_id, course_id, module_id, reviewer_id, kind, evidence_id FROM analytics_reviews WHERE tenant = @tenant ORDER BY seq, actor_id",
            new DynamicParameters(new { tenant }));
        return rows.Select(row => string.Join('|', row.Day, row.Seq, row.ActorId, row.CourseId, row.ModuleId, row.ReviewerId, row.Kind, row.EvidenceId)).ToList();
    }

    private static async Task<List<T>> QueryAsync<T>(DashboardHost host, string sql, DynamicParameters parameters)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<T>(database.Command(SqlText.Portable(sql), parameters, TestContext.Current.CancellationToken))).ToList();
    }
}
