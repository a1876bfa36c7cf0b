using Dapper;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The funnel, points, level and PD-hours charts read rollups, and give the same figures as the
/// same charts counted straight from <c>analytics_facts</c> for every combination of filters, over
/// random statements projected in two batches, after voids, and after <c>analytics rebuild</c>.
/// </summary>
public sealed class ChartRollupConsistencyTests
{
    private const string March = "/app/analytics?from=2026-03-01&to=2026-03-31";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Modules = ["test-module", "other-module"];

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task ChartRollups_RandomStatements_EqualFactQueries(DatabaseProvider provider)
    {
        // Arrange: eight people with random schools and roles, and one actor with no LTI user.
        await using var host = await DashboardHost.StartAsync(provider);
        var random = new Random(20261205);
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddSchoolAsync("lincoln", "Lincoln Elementary");
        await district.AddSchoolAsync("hill", "Hill Middle");
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);
        var people = Enumerable.Range(0, 8).Select(index => $"p{index}").ToList();
        foreach (var key in people)
        {
            var school = new[] { "lincoln", "hill", null }[random.Next(3)];
            await district.AddPersonAsync(key, key, school, random.Next(3) == 0 ? PdRole.Instructor : PdRole.Learner);
        }

        var actors = people.Append("zed").ToList();
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        // Act: two batches of random launches, steps, completions, points and levels, projected by a page load
        // each, then voids of some of them, counted by a third page load.
        var stored = await StoreRandomAsync(district, random, actors, 40);
        await LoadPageAsync(host, leader);
        stored.AddRange(await StoreRandomAsync(district, random, actors, 40));
        await LoadPageAsync(host, leader);
        foreach (var statementId in stored.OrderBy(_ => random.Next()).Take(6))
        {
            await district.VoidAsync("leader", statementId, Start.AddDays(60));
        }

        await LoadPageAsync(host, leader);

        // Assert
        var compared = await AssertEqualsFactsAsync(host, district);
        await host.Services.GetRequiredService<AnalyticsProjector>().RebuildAsync(district.DistrictId, TestContext.Current.CancellationToken);
        await AssertEqualsFactsAsync(host, district);
        Assert.Equal(2 * 3 * 2 * 3 * 3, compared);
    }

    private static async Task<List<Guid>> StoreRandomAsync(SeededDistrict district, Random random, List<string> actors, int count)
    {
        var stored = new List<Guid>();
        for (var index = 0; index < count; index++)
        {
            var key = actors[random.Next(actors.Count)];
            var at = Start.AddDays(random.Next(50)).AddHours(random.Next(10));
            var module = Modules[random.Next(Modules.Length)];
            stored.Add(random.Next(5) switch
            {
                0 => await district.EarnedPointsAsync(key, random.Next(0, 80), 0, at),
                1 => await district.ReachedLevelAsync(key, random.Next(1, 6), at),
                2 => await district.LaunchedAsync(key, module, at, random.Next(2) == 0 ? null : $"{module} title"),
                3 => await district.ExperiencedAsync(key, module, at),
                _ => await district.CompletedAsync(key, module, at),
            });
        }

        return stored;
    }

    private static async Task LoadPageAsync(DashboardHost host, string leader)
    {
        using var response = await host.GetAsync(leader, March);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    // Compares each chart's rollup query with the fact query for every filter combination, and
    // returns how many combinations it compared.
    private static async Task<int> AssertEqualsFactsAsync(DashboardHost host, SeededDistrict district)
    {
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var facts = new FactQueries(host.Services.GetRequiredService<Database>());
        var token = TestContext.Current.CancellationToken;
        var ranges = new[] { (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), (new DateOnly(2026, 3, 12), new DateOnly(2026, 4, 20)) };
        var compared = 0;
        foreach (var (from, to) in ranges)
        {
            foreach (var school in new[] { null, "lincoln", "hill" })
            {
                foreach (var course in new[] { null, district.CourseId })
                {
                    foreach (var module in new[] { null, Modules[0], Modules[1] })
                    {
                        foreach (PdRole? role in new PdRole?[] { null, PdRole.Learner, PdRole.Instructor })
                        {
                            var filter = new DashboardFilter(from, to, school, course, module, role);
                            var name = $"{from}..{to}, school {school}, course {course}, module {module}, role {role}";
                            Assert.True(
                                (await facts.FunnelAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.FunnelAsync(district.DistrictId, filter, token)).Select(row => (row.ModuleId, row.ModuleName, row.Launched, row.Started, row.Completed))),
                                "funnel, " + name);
                            Assert.Equal(
                                await facts.PointsAsync(district.DistrictId, filter, token),
                                (await queries.PointsAsync(district.DistrictId, filter, token)).Select(row => (row.Bucket, row.Learners)).ToList());
                            Assert.True(
                                (await facts.LevelsAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.LevelsAsync(district.DistrictId, filter, token)).Select(row => (row.Level, row.Learners))),
                                "levels, " + name);
                            Assert.True(
                                (await facts.SchoolCompletionsAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.SchoolCompletionsAsync(district.DistrictId, filter, token)).Select(row => (row.SchoolId, row.ModuleId, row.Learners))),
                                "PD hours, " + name);
                            compared++;
                        }
                    }
                }
            }
        }

        return compared;
    }

    /// <summary>The funnel, points, level and completion queries as they read <c>analytics_facts</c> before the rollups.</summary>
    private sealed class FactQueries(Database database)
    {
        public async Task<List<(int Bucket, long Learners)>> PointsAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
        {
            var facts = FactFilterSql.For(tenant, filter, "f", "7", module: false);
            var bucket = "CASE";
            for (var index = DashboardQueries.PointsBuckets.Count - 1; index > 0; index--)
            {
                bucket += $" WHEN totals.points >= {DashboardQueries.PointsBuckets[index]} THEN {index}";
            }

            bucket += " ELSE 0 END";
            return await QueryAsync<(int, long)>(
                $"SELECT {bucket} AS Bucket, COUNT(*) AS Learners FROM (SELECT f.actor_id, SUM(f.amount) AS points FROM {facts.From} WHERE {facts.Where} GROUP BY f.actor_id) totals GROUP BY {bucket} ORDER BY Bucket",
                facts.Parameters,
                cancellationToken);
        }

        // The funnel of every learner, module and course is derived from the facts here, then
        // counted with COUNT DISTINCT as the chart did before it grouped by learner.
        public async Task<List<(string ModuleId, string? ModuleName, long Launched, long Started, long Completed)>> FunnelAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
        {
            const string Stages =
                "(SELECT tenant, module_id, actor_id, COALESCE(course_id, '') AS course_id, MAX(module_name) AS module_name, MIN(day) AS launched_day, " +
                "MIN(CASE WHEN kind IN (2, 3) THEN day END) AS started_day, MIN(CASE WHEN kind = 3 THEN day END) AS completed_day " +
                "FROM analytics_facts WHERE kind IN (1, 2, 3) AND module_id IS NOT NULL GROUP BY tenant, module_id, actor_id, COALESCE(course_id, ''))";
            var rows = FactFilterSql.For(tenant, filter, "f", null, table: Stages);
            const string CompletedInRange = "f.completed_day >= @fromDay AND f.completed_day <= @toDay";
            const string StartedInRange = "f.started_day >= @fromDay AND f.started_day <= @toDay";
            const string Started = $"f.started_day <= @toDay AND ({StartedInRange} OR {CompletedInRange})";
            const string Launched = $"f.launched_day <= @toDay AND (f.launched_day >= @fromDay OR {StartedInRange} OR {CompletedInRange})";
            return await QueryAsync<(string, string?, long, long, long)>(
                "SELECT f.module_id AS ModuleId, MAX(f.module_name) AS ModuleName, COUNT(DISTINCT f.actor_id) AS Launched, " +
                $"COUNT(DISTINCT CASE WHEN {Started} THEN f.actor_id END) AS Started, COUNT(DISTINCT CASE WHEN {CompletedInRange} THEN f.actor_id END) AS Completed " +
                $"FROM {rows.From} WHERE {rows.Where} AND {Launched} GROUP BY f.module_id ORDER BY f.module_id",
                rows.Parameters,
                cancellationToken);
        }

        public async Task<List<(int Level, long Learners)>> LevelsAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
        {
            var facts = FactFilterSql.For(tenant, filter, "f", "8", dayRange: false, module: false);
            return await QueryAsync<(int, long)>(
                $"SELECT levels.reached AS Level, COUNT(*) AS Learners FROM (SELECT f.actor_id, MAX(f.amount) AS reached FROM {facts.From} WHERE {facts.Where} GROUP BY f.actor_id) levels GROUP BY levels.reached ORDER BY Level",
                facts.Parameters,
                cancellationToken);
        }

        public async Task<List<(string? SchoolId, string ModuleId, long Learners)>> SchoolCompletionsAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
        {
            var facts = FactFilterSql.For(tenant, filter, "f", "3");
            return await QueryAsync<(string?, string, long)>(
                "SELECT u.school_id AS SchoolId, f.module_id AS ModuleId, COUNT(DISTINCT f.actor_id) AS Learners " +
                $"FROM {facts.From} JOIN analytics_actors ca ON ca.actor_id = f.actor_id LEFT JOIN lti_users u ON u.id = ca.user_ref " +
                $"WHERE {facts.Where} GROUP BY u.school_id, f.module_id ORDER BY u.school_id, f.module_id",
                facts.Parameters,
                cancellationToken);
        }

        private async Task<List<T>> QueryAsync<T>(string sql, DynamicParameters parameters, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return (await connection.QueryAsync<T>(database.Command(SqlText.Portable(sql), parameters, cancellationToken))).ToList();
        }
    }
}
