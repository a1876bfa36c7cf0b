using Dapper;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The funnel, points, level, turnaround, reviewer and PD-hours charts read rollups and the
/// learner set of the school and role filters, and give the same figures as the same charts
/// counted straight from <c>analytics_facts</c> with the filters joined to the people tables, for
/// every combination of filters over ranges of 31, 40 and 182 days, over random statements
/// projected in two batches, after voids, after a learner moves school and role, after an upgrade
/// that leaves <c>analytics_funnel_days</c> or <c>analytics_school_hours</c> empty, and after
/// <c>analytics rebuild</c>.
/// </summary>
public sealed class ChartRollupConsistencyTests
{
    private const string March = "/app/analytics?from=2026-03-01&to=2026-03-31";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Modules = ["test-module", "other-module"];

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task ChartRollups_RandomStatements_EqualFactQueries(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var random = new Random(20261205);
        var (district, actors, leader) = await SeedPeopleAsync(host, random);

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
        var projected = await ReadFunnelDaysAsync(host, district.DistrictId);
        var projectedHours = await ReadSchoolHoursAsync(host, district.DistrictId);
        await host.Services.GetRequiredService<AnalyticsProjector>().RebuildAsync(district.DistrictId, TestContext.Current.CancellationToken);
        await AssertEqualsFactsAsync(host, district);
        Assert.Equal(3 * 3 * 2 * 3 * 3, compared);
        Assert.NotEmpty(projected);
        Assert.Equal(projected, await ReadFunnelDaysAsync(host, district.DistrictId));
        Assert.NotEmpty(projectedHours);
        Assert.Equal(projectedHours, await ReadSchoolHoursAsync(host, district.DistrictId));
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task FunnelDays_LearnerMovesSchoolAndRole_CountsMove(DatabaseProvider provider)
    {
        // Arrange: p0 is counted at their first school and role, then moves to another school
        // and role in the course roster.
        await using var host = await DashboardHost.StartAsync(provider);
        var random = new Random(20261206);
        var (district, actors, leader) = await SeedPeopleAsync(host, random);
        await district.LaunchedAsync("p0", Modules[0], Start.AddDays(3));
        await StoreRandomAsync(district, random, actors, 40);
        await LoadPageAsync(host, leader);
        var database = host.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(
                "UPDATE lti_users SET school_id = CASE WHEN school_id = 'hill' THEN 'lincoln' ELSE 'hill' END WHERE id = @id",
                new { id = district.UserId("p0") });
            await connection.ExecuteAsync(
                "UPDATE roster_members SET role = CASE WHEN role = 'Learner' THEN 'Instructor' ELSE 'Learner' END WHERE subject = @subject",
                new { subject = district.Person("p0").Subject });
        }

        // Act: a new step of p0 makes the projector count p0 again under the new school and role.
        await district.ExperiencedAsync("p0", Modules[1], Start.AddDays(20));
        await LoadPageAsync(host, leader);

        // Assert
        await AssertEqualsFactsAsync(host, district);
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task FunnelDays_EmptyAfterUpgrade_DerivedByNextRequest(DatabaseProvider provider)
    {
        // Arrange: the state migration 0230 leaves for data projected before it: no rows, no
        // counted persons, and the derivation marked as not done.
        await using var host = await DashboardHost.StartAsync(provider);
        var random = new Random(20261207);
        var (district, actors, leader) = await SeedPeopleAsync(host, random);
        await StoreRandomAsync(district, random, actors, 60);
        await LoadPageAsync(host, leader);
        var projected = await ReadFunnelDaysAsync(host, district.DistrictId);
        var database = host.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("DELETE FROM analytics_funnel_days");
            await connection.ExecuteAsync("UPDATE analytics_actors SET funnel_person = NULL");
            await connection.ExecuteAsync("UPDATE analytics_projection SET last_seq = 0 WHERE name = 'funnel_days'");
        }

        // Act
        await LoadPageAsync(host, leader);

        // Assert
        Assert.NotEmpty(projected);
        Assert.Equal(projected, await ReadFunnelDaysAsync(host, district.DistrictId));
        await AssertEqualsFactsAsync(host, district);
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task SchoolHours_EmptyAfterUpgrade_Derived(DatabaseProvider provider)
    {
        // Arrange: the state migration 0250 leaves for data projected before it: no rows and the
        // derivation marked as not done, while analytics_funnel_days is derived.
        await using var host = await DashboardHost.StartAsync(provider);
        var random = new Random(20261208);
        var (district, actors, leader) = await SeedPeopleAsync(host, random);
        await StoreRandomAsync(district, random, actors, 60);
        await LoadPageAsync(host, leader);
        var projected = await ReadSchoolHoursAsync(host, district.DistrictId);
        var database = host.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync("DELETE FROM analytics_school_hours");
            await connection.ExecuteAsync("UPDATE analytics_projection SET last_seq = 0 WHERE name = 'school_hours'");
        }

        // Act
        await LoadPageAsync(host, leader);

        // Assert
        Assert.NotEmpty(projected);
        Assert.Equal(projected, await ReadSchoolHoursAsync(host, district.DistrictId));
        await AssertEqualsFactsAsync(host, district);
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task SchoolHours_RepeatedCompletions_CountLearnerOnce(DatabaseProvider provider)
    {
        // Arrange: p0 completes one module on three days, once before the range; p1 once in it.
        await using var host = await DashboardHost.StartAsync(provider);
        var (district, _, leader) = await SeedPeopleAsync(host, new Random(20261209));
        await district.CompletedAsync("p0", Modules[0], Start.AddDays(-5));
        await district.CompletedAsync("p0", Modules[0], Start.AddDays(3));
        await district.CompletedAsync("p0", Modules[0], Start.AddDays(9));
        await district.CompletedAsync("p1", Modules[0], Start.AddDays(9));
        await LoadPageAsync(host, leader);
        var queries = host.Services.GetRequiredService<DashboardQueries>();
        var token = TestContext.Current.CancellationToken;

        // Act
        var inRange = await queries.SchoolCompletionsAsync(district.DistrictId, new DashboardFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), null, null, null, null), token);
        var lastDay = await queries.SchoolCompletionsAsync(district.DistrictId, new DashboardFilter(new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 10), null, null, null, null), token);
        var before = await queries.SchoolCompletionsAsync(district.DistrictId, new DashboardFilter(new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 28), null, null, null, null), token);

        // Assert
        Assert.Equal(2, inRange.Sum(row => row.Learners));
        Assert.Equal(2, lastDay.Sum(row => row.Learners));
        Assert.Equal(1, before.Sum(row => row.Learners));
        await AssertEqualsFactsAsync(host, district);
    }

    // Eight people with random schools and roles, a leader, and one actor with no LTI user.
    private static async Task<(SeededDistrict District, List<string> Actors, string Leader)> SeedPeopleAsync(DashboardHost host, Random random)
    {
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

        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        return (district, people.Append("zed").ToList(), leader);
    }

    // The rows with a count, in key order, so two derivations compare as lists.
    private static async Task<List<string>> ReadFunnelDaysAsync(DashboardHost host, string tenant)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<(string School, string Course, string Role, int Day, string Module, int Stage, int PreviousDay, string Name, long Learners)>(
            "SELECT school_id, course_id, role, day, module_id, stage, prev_day, module_name, learners FROM analytics_funnel_days WHERE tenant = @tenant AND learners <> 0",
            new { tenant });
        return rows.Select(row => string.Join('|', row.School, row.Course, row.Role, row.Day, row.Module, row.Stage, row.PreviousDay, row.Name, row.Learners))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<List<string>> ReadSchoolHoursAsync(DashboardHost host, string tenant)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<(string Course, string Role, int Day, string School, string Module, int PreviousDay, long Learners)>(
            "SELECT course_id, role, day, school_id, module_id, prev_day, learners FROM analytics_school_hours WHERE tenant = @tenant AND learners <> 0",
            new { tenant });
        return rows.Select(row => string.Join('|', row.Course, row.Role, row.Day, row.School, row.Module, row.PreviousDay, row.Learners))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    // Points, levels, launches, steps and completions, whose ids are returned for voiding, and
    // evidence submissions, some reviewed once or twice by the leader or p1 up to 20 days later.
    private static async Task<List<Guid>> StoreRandomAsync(SeededDistrict district, Random random, List<string> actors, int count)
    {
        var stored = new List<Guid>();
        for (var index = 0; index < count; index++)
        {
            var key = actors[random.Next(actors.Count)];
            var at = Start.AddDays(random.Next(50)).AddHours(random.Next(10));
            var module = Modules[random.Next(Modules.Length)];
            var kind = random.Next(6);
            if (kind == 5)
            {
                await StoreEvidenceAsync(district, random, key, module, at);
                continue;
            }

            stored.Add(kind switch
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

    private static async Task StoreEvidenceAsync(SeededDistrict district, Random random, string key, string module, DateTimeOffset at)
    {
        var evidence = $"evidence-{random.Next(1_000_000)}";
        var submitted = await district.SubmittedAsync(key, module, evidence, at);
        var reviewedAt = at;
        for (var review = random.Next(3); review > 0; review--)
        {
            reviewedAt = reviewedAt.AddHours(random.Next(1, 240));
            await district.ReviewedAsync(random.Next(2) == 0 ? "leader" : "p1", key, module, evidence, submitted, random.Next(2) == 0, reviewedAt);
        }
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
        var ranges = new[]
        {
            (new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), (new DateOnly(2026, 3, 12), new DateOnly(2026, 4, 20)), (new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1)),
        };
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
                            var learners = await queries.SelectLearnersAsync(district.DistrictId, filter, token);
                            Assert.True(
                                (await facts.FunnelAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.FunnelAsync(district.DistrictId, filter, learners, token)).Select(row => (row.ModuleId, row.ModuleName, row.Launched, row.Started, row.Completed))),
                                "funnel, " + name);
                            Assert.Equal(
                                await facts.PointsAsync(district.DistrictId, filter, token),
                                (await queries.PointsAsync(district.DistrictId, filter, learners, token)).Select(row => (row.Bucket, row.Learners)).ToList());
                            Assert.True(
                                (await facts.LevelsAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.LevelsAsync(district.DistrictId, filter, learners, token)).Select(row => (row.Level, row.Learners))),
                                "levels, " + name);
                            Assert.True(
                                (await facts.SchoolCompletionsAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.SchoolCompletionsAsync(district.DistrictId, filter, token)).Select(row => (row.SchoolId, row.ModuleId, row.Learners))),
                                "PD hours, " + name);
                            Assert.True(
                                (await facts.TurnaroundAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.TurnaroundAsync(district.DistrictId, filter, learners, token)).Select(row => (row.ModuleId, row.Reviewed, row.Pending, row.MedianMs, row.P90Ms))),
                                "turnaround, " + name);
                            Assert.True(
                                (await facts.ReviewersAsync(district.DistrictId, filter, token)).SequenceEqual((await queries.ReviewersAsync(district.DistrictId, filter, learners, token)).Select(row => (row.ActorId, row.Approved, row.Returned))),
                                "reviewers, " + name);
                            compared++;
                        }
                    }
                }
            }
        }

        return compared;
    }

    /// <summary>
    /// The funnel, points, level, completion, turnaround and reviewer queries as they read
    /// <c>analytics_facts</c> before the rollups, with the school and role filters as subqueries
    /// over the people tables.
    /// </summary>
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

        // Each submission in the range with the time to the first review of its evidence at or
        // after it, per module and for all modules, with nearest-rank percentiles.
        public async Task<List<(string? ModuleId, long Reviewed, long Pending, long? MedianMs, long? P90Ms)>> TurnaroundAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
        {
            var facts = FactFilterSql.For(tenant, filter, "s", "4");
            var rows = await QueryAsync<(string ModuleId, long? TurnaroundMs)>(
                "SELECT s.module_id, (SELECT MIN(r.occurred_at_ms) FROM analytics_facts r WHERE r.tenant = s.tenant AND r.evidence_id = s.evidence_id " +
                $"AND r.kind IN (5, 6) AND r.occurred_at_ms >= s.occurred_at_ms) - s.occurred_at_ms FROM {facts.From} WHERE {facts.Where}",
                facts.Parameters,
                cancellationToken);
            var perModule = rows.GroupBy(row => row.ModuleId).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => Turnaround(group.Key, group.ToList())).ToList();
            return rows.Count == 0 ? [] : [.. perModule, Turnaround(null, rows)];
        }

        // Reviews in the range whose evidence was submitted by a learner the filters select.
        public async Task<List<(long ActorId, long Approved, long Returned)>> ReviewersAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
        {
            var reviews = FactFilterSql.For(tenant, filter, "r", "5, 6", person: false);
            var submissions = FactFilterSql.For(tenant, filter, "s", null, shared: reviews.Parameters);
            var submitter = filter.SchoolId is null && filter.Role is null
                ? string.Empty
                : $" AND EXISTS (SELECT 1 FROM {submissions.From} WHERE {submissions.Where} AND s.kind = 4 AND s.evidence_id = r.evidence_id)";
            return await QueryAsync<(long, long, long)>(
                "SELECT r.actor_id, SUM(CASE WHEN r.kind = 5 THEN 1 ELSE 0 END), SUM(CASE WHEN r.kind = 6 THEN 1 ELSE 0 END) " +
                $"FROM {reviews.From} WHERE {reviews.Where}{submitter} GROUP BY r.actor_id ORDER BY COUNT(*) DESC, r.actor_id",
                reviews.Parameters,
                cancellationToken);
        }

        private static (string? ModuleId, long Reviewed, long Pending, long? MedianMs, long? P90Ms) Turnaround(string? moduleId, List<(string ModuleId, long? TurnaroundMs)> rows)
        {
            var reviewed = rows.Where(row => row.TurnaroundMs is not null).Select(row => row.TurnaroundMs!.Value).Order().ToList();
            long? Rank(int percent) => reviewed.Count == 0 ? null : reviewed[(int)Math.Ceiling(percent * reviewed.Count / 100.0) - 1];
            return (moduleId, reviewed.Count, rows.Count - reviewed.Count, Rank(50), Rank(90));
        }

        private async Task<List<T>> QueryAsync<T>(string sql, DynamicParameters parameters, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return (await connection.QueryAsync<T>(database.Command(SqlText.Portable(sql), parameters, cancellationToken))).ToList();
        }
    }
}
