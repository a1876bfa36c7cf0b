using System.Text.RegularExpressions;
using Dapper;
using LtiPd.LtiTool.Analytics;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The chart queries of a page, run side by side, give the page that running them one after
/// another gives. The turnaround read row by row gives the figures of the per-row objects it
/// replaced. The PD-hours chart read from its rollup, and the reviewer chart that counts before
/// it reads names, give the rows of the queries they replaced.
/// </summary>
public sealed partial class ParallelDashboardTests
{
    // The first day of the 182-day ranges the benchmark times, which contain every statement of the district.
    private static readonly DateOnly HalfYear = new(2026, 1, 1);

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Page_ParallelQueries_MatchesSequential(DatabaseProvider provider)
    {
        // Arrange
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedActivityAsync(host);
        var choices = await ChoicesAsync(host, district);

        // Act and assert: every filter combination the benchmark times, on one small district.
        foreach (var filter in Filters(district))
        {
            var sequential = await RenderAsync(host, district, filter, choices, parallelQueries: 1);
            var parallel = await RenderAsync(host, district, filter, choices, parallelQueries: 16);
            Assert.Equal(WithoutClipIds(sequential), WithoutClipIds(parallel));
            Assert.Contains("data-testid=\"chart-hours\"", parallel, StringComparison.Ordinal);

            // The charts of one page share the HTML id namespace, so a repeated clip id would
            // clip one chart by another's rectangle.
            var clipIds = ClipId().Matches(parallel).Select(match => match.Value).ToList();
            Assert.NotEmpty(clipIds);
            Assert.Equal(clipIds.Count, clipIds.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Turnaround_RowByRow_MatchesBefore(DatabaseProvider provider)
    {
        // Arrange
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedActivityAsync(host);
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var token = TestContext.Current.CancellationToken;

        foreach (var filter in Filters(district))
        {
            // Act
            var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, token);
            var rows = await queries.TurnaroundAsync(district.DistrictId, filter, learners, token);

            // Assert
            var expected = await TurnaroundBeforeAsync(host, district, filter, learners);
            Assert.Equal(expected, rows.Select(row => (row.ModuleId, row.Reviewed, row.Pending, row.MedianMs, row.P90Ms)).ToList());
        }

        var all = await queries.TurnaroundAsync(district.DistrictId, Filters(district)[0], DashboardLearners.Everyone, token);
        Assert.Equal([("other-module", 1L, 0L), ("test-module", 2L, 1L), (null, 3L, 1L)], all.Select(row => (row.ModuleId, row.Reviewed, row.Pending)).ToList());
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task HoursAndReviewers_Rewritten_MatchBefore(DatabaseProvider provider)
    {
        // Arrange
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedActivityAsync(host);
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var token = TestContext.Current.CancellationToken;

        foreach (var filter in Filters(district))
        {
            // Act
            var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, token);
            var hours = await queries.SchoolCompletionsAsync(district.DistrictId, filter, token);
            var reviewers = await queries.ReviewersAsync(district.DistrictId, filter, learners, token);

            // Assert
            var name = $"{filter.From}..{filter.To}, school {filter.SchoolId}, course {filter.CourseId}, module {filter.ModuleId}, role {filter.Role}";
            Assert.True(
                (await SchoolHoursBeforeAsync(host, district, filter, learners)).SequenceEqual(hours.Select(row => (row.SchoolId, row.ModuleId, row.Learners))),
                "PD hours, " + name);
            Assert.True(
                (await ReviewersBeforeAsync(host, district, filter, learners)).SequenceEqual(reviewers.Select(row => (row.ActorId, row.ReviewerName, row.Approved, row.Returned))),
                "reviewers, " + name);
        }

        var halfYear = await queries.SchoolCompletionsAsync(district.DistrictId, Filters(district)[^2], token);
        Assert.NotEmpty(halfYear);
    }

    // Skia names each clip path after a process-wide counter, so two renderings of the same
    // chart differ in these ids only.
    private static string WithoutClipIds(string html) => ClipIdReference().Replace(html, "cl_");

    [GeneratedRegex("id=\"cl_[0-9a-f]+\"")]
    private static partial Regex ClipId();

    [GeneratedRegex("cl_[0-9a-f]+")]
    private static partial Regex ClipIdReference();

    private static List<DashboardFilter> Filters(SeededDistrict district)
    {
        var from = new DateOnly(2026, 3, 1);
        var to = new DateOnly(2026, 3, 31);
        var course = district.CourseId;
        return
        [
            new(from, to, null, null, null, null),
            new(from, to.AddDays(60), null, null, null, null),
            new(from, to, "lincoln", null, null, null),
            new(from, to, null, course, null, null),
            new(from, to, null, null, "test-module", null),
            new(from, to, null, null, null, PdRole.Learner),
            new(from, to, null, course, null, PdRole.Learner),
            new(from, to, "lincoln", course, null, null),
            new(from, to, "lincoln", course, null, PdRole.Learner),
            new(from, to, null, course, "test-module", PdRole.Learner),
            new(HalfYear, HalfYear.AddDays(181), null, null, null, null),
            new(HalfYear, HalfYear.AddDays(181), null, course, null, PdRole.Learner),
        ];
    }

    // The district of the leader dashboard tests, projected by one page request.
    private static async Task<SeededDistrict> SeedActivityAsync(DashboardHost host)
    {
        var district = await LeaderDashboardTests.SeedAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        using var response = await host.GetAsync(leader, "/app/analytics?from=2026-03-01&to=2026-03-31");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return district;
    }

    private static async Task<DashboardChoices> ChoicesAsync(DashboardHost host, SeededDistrict district)
    {
        var districts = host.Services.GetRequiredService<DistrictDirectory>();
        var token = TestContext.Current.CancellationToken;
        var modules = host.Services.GetRequiredService<DashboardService>().Modules();
        return new DashboardChoices(await districts.SchoolsAsync(district.DistrictId, token), await districts.CoursesAsync(district.DistrictId, token), modules);
    }

    private static async Task<string> RenderAsync(DashboardHost host, SeededDistrict district, DashboardFilter filter, DashboardChoices choices, int parallelQueries)
    {
        var options = new FixedOptions(new AnalyticsOptions { ParallelChartQueries = parallelQueries });
        var service = new DashboardService(
            host.Services.GetRequiredService<AnalyticsProjector>(),
            host.Services.GetRequiredService<DashboardQueries>(),
            host.Services.GetRequiredService<ModuleCatalog>(),
            options);
        var data = await service.ReadAsync(district.DistrictId, filter, choices, TestContext.Current.CancellationToken);
        return DashboardView.Render(data, new QueryCollection(), []);
    }

    // The reference computation: one object per submission, grouped by module with LINQ, and the
    // nearest-rank percentiles of each group and of all submissions.
    private static async Task<List<(string?, long, long, long?, long?)>> TurnaroundBeforeAsync(DashboardHost host, SeededDistrict district, DashboardFilter filter, DashboardLearners learners)
    {
        var submissions = FactFilterSql.For(district.DistrictId, filter, "s", null, table: "analytics_submissions", learners: learners);
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var sql = "SELECT s.module_id AS ModuleId, s.first_review_ms - s.submitted_ms AS TurnaroundMs " +
            $"FROM {submissions.From} WHERE {submissions.Where} AND s.day >= @fromDay AND s.day <= @toDay";
        var rows = (await connection.QueryAsync<(string? ModuleId, long? TurnaroundMs)>(database.Command(SqlText.Portable(sql), submissions.Parameters, TestContext.Current.CancellationToken))).ToList();
        var perModule = rows
            .GroupBy(row => row.ModuleId, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => Turnaround(group.Key, group.Select(row => row.TurnaroundMs)));
        return rows.Count == 0 ? [] : [.. perModule, Turnaround(null, rows.Select(row => row.TurnaroundMs))];
    }

    // The PD-hours query before its rollup: each learner's completions of a module in the range
    // folded into one row, then counted under the learner's school.
    private static async Task<List<(string?, string, long)>> SchoolHoursBeforeAsync(DashboardHost host, SeededDistrict district, DashboardFilter filter, DashboardLearners learners)
    {
        var rows = FactFilterSql.For(district.DistrictId, filter, "f", null, table: "analytics_completions", learners: learners);
        var sql = "SELECT u.school_id, g.module_id, COUNT(*) FROM (" +
            $"SELECT f.actor_id, f.module_id FROM {rows.From} WHERE {rows.Where} AND f.day >= @fromDay AND f.day <= @toDay GROUP BY f.actor_id, f.module_id) g " +
            "JOIN analytics_actors ca ON ca.actor_id = g.actor_id LEFT JOIN lti_users u ON u.id = ca.user_ref GROUP BY u.school_id, g.module_id ORDER BY u.school_id, g.module_id";
        return await QueryAsync<(string?, string, long)>(host, sql, rows.Parameters);
    }

    // The reviewer query before it counted per reviewer first: the names joined to every review.
    private static async Task<List<(long, string?, long, long)>> ReviewersBeforeAsync(DashboardHost host, SeededDistrict district, DashboardFilter filter, DashboardLearners learners)
    {
        FactFilterSql rows;
        string reviews;
        if (learners.ActorIds is null)
        {
            rows = FactFilterSql.For(district.DistrictId, filter, "r", "5, 6", person: false);
            reviews = $"SELECT r.actor_id AS reviewer_id, r.kind FROM {rows.From} WHERE {rows.Where}";
        }
        else
        {
            rows = FactFilterSql.For(district.DistrictId, filter, "r", null, table: "analytics_reviews", learners: learners);
            var review = (filter.CourseId is null ? "" : " AND r.review_course_id = @course") + (filter.ModuleId is null ? "" : " AND r.review_module_id = @module");
            reviews = $"SELECT r.reviewer_id, r.kind FROM {rows.From} WHERE {rows.Where}{review} AND r.day >= @fromDay AND r.day <= @toDay GROUP BY r.day, r.seq, r.reviewer_id, r.kind";
        }

        var sql = "SELECT g.reviewer_id, MAX(u.name), SUM(CASE WHEN g.kind = 5 THEN 1 ELSE 0 END), SUM(CASE WHEN g.kind = 6 THEN 1 ELSE 0 END) " +
            $"FROM ({reviews}) g JOIN analytics_actors ra ON ra.actor_id = g.reviewer_id LEFT JOIN lti_users u ON u.id = ra.user_ref " +
            "GROUP BY g.reviewer_id ORDER BY COUNT(*) DESC, g.reviewer_id";
        return await QueryAsync<(long, string?, long, long)>(host, sql, rows.Parameters);
    }

    private static async Task<List<T>> QueryAsync<T>(DashboardHost host, string sql, DynamicParameters parameters)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<T>(database.Command(SqlText.Portable(sql), parameters, TestContext.Current.CancellationToken))).ToList();
    }

    private static (string?, long, long, long?, long?) Turnaround(string? moduleId, IEnumerable<long?> times)
    {
        var reviewed = times.OfType<long>().Order().ToList();
        var pending = times.Count(time => time is null);
        long? Percentile(int percent) => reviewed.Count == 0 ? null : reviewed[((percent * reviewed.Count) + 99) / 100 - 1];
        return (moduleId, reviewed.Count, pending, Percentile(50), Percentile(90));
    }

    private sealed class FixedOptions(AnalyticsOptions value) : IOptionsMonitor<AnalyticsOptions>
    {
        public AnalyticsOptions CurrentValue => value;

        public AnalyticsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AnalyticsOptions, string?> listener) => null;
    }
}
