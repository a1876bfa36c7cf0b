using System.Data.Common;
using Dapper;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>
/// Aggregates <c>analytics_facts</c> for each dashboard chart in SQL, one query per chart, so the
/// server reads rows counted by the database and never the statements themselves. Every query
/// filters on the tenant (district id).
/// </summary>
internal sealed class DashboardQueries
{
    /// <summary>Lower bounds of the points buckets; the last bucket has no upper bound.</summary>
    public static readonly IReadOnlyList<int> PointsBuckets = [0, 50, 100, 250, 500, 1000];

    private const string LearningKinds = "1, 2, 3, 4";
    private const string ReviewKinds = "5, 6";

    private readonly Database _database;

    public DashboardQueries(Database database)
    {
        _database = database;
    }

    /// <summary>
    /// Reads the actor ids that the school and role filters select, once for all charts of a
    /// request. Returns <see cref="DashboardLearners.Everyone"/> without a query when neither
    /// filter is set.
    /// </summary>
    public async Task<DashboardLearners> SelectLearnersAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
    {
        if (filter.SchoolId is null && filter.Role is null)
        {
            return DashboardLearners.Everyone;
        }

        var actors = FactFilterSql.Learners(tenant, filter);
        var ids = await QueryAsync<long>($"SELECT a.actor_id FROM {actors.From} WHERE {actors.Where} ORDER BY a.actor_id", actors.Parameters, cancellationToken);
        return DashboardLearners.Of(_database.Provider, ids);
    }

    /// <summary>
    /// Distinct learners with a launch, step, completion or submission per week (weeks start on
    /// Monday, UTC). Every week the range touches counts in full, read from the
    /// <c>analytics_weekly_active</c> rollup. Under a module filter, which the rollup does not
    /// split by, the facts of those weeks are counted instead.
    /// </summary>
    public async Task<IReadOnlyList<WeeklyActiveRow>> WeeklyActiveAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        if (filter.ModuleId is not null)
        {
            return await WeeklyActiveFromFactsAsync(tenant, filter, learners, cancellationToken);
        }

        var parameters = new DynamicParameters();
        parameters.Add("tenant", tenant);
        parameters.Add("firstWeek", AnalyticsRollups.WeekOf(filter.FromDay));
        parameters.Add("lastWeek", AnalyticsRollups.WeekOf(filter.ToDay));
        parameters.Add("school", filter.SchoolId ?? RollupSql.Any);
        parameters.Add("course", filter.CourseId ?? RollupSql.Any);
        parameters.Add("role", filter.Role?.ToString() ?? RollupSql.Any);
        return await QueryAsync<WeeklyActiveRow>(
            "SELECT week_day AS WeekStartDay, learners AS Learners FROM analytics_weekly_active WHERE tenant = @tenant AND school_id = @school " +
            "AND course_id = @course AND role = @role AND week_day >= @firstWeek AND week_day <= @lastWeek AND learners > 0 ORDER BY week_day",
            parameters,
            cancellationToken);
    }

    /// <summary>
    /// Counts learners per module who first reached each stage in the range. Launched and started
    /// also count a learner who reached that stage before the range and a later stage in it.
    /// Reads the <c>analytics_funnel_days</c> rollup for the filters it has cells for (none, one
    /// school, one course, one role, one role in one course, each with or without a module), and
    /// otherwise <c>analytics_funnel</c>, at most one row per learner, module and course.
    /// </summary>
    public Task<IReadOnlyList<FunnelRow>> FunnelAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        if (filter.SchoolId is null || (filter.CourseId is null && filter.Role is null))
        {
            return FunnelFromDaysAsync(tenant, filter, cancellationToken);
        }

        return FunnelFromLearnersAsync(tenant, filter, learners, cancellationToken);
    }

    // Each learner counts at a stage through exactly one row: the first of their days at that
    // stage or later that falls in the range, whose previous day lies before it.
    private Task<IReadOnlyList<FunnelRow>> FunnelFromDaysAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
    {
        var parameters = CellParameters(tenant, filter);
        parameters.Add("school", filter.SchoolId ?? RollupSql.Any);
        var module = "";
        if (filter.ModuleId is not null)
        {
            parameters.Add("module", filter.ModuleId);
            module = " AND d.module_id = @module";
        }

        const string Launched = "SUM(CASE WHEN d.stage = 1 THEN d.learners ELSE 0 END)";
        var sql = $"SELECT d.module_id AS ModuleId, MAX(CASE WHEN d.stage = 1 AND d.learners > 0 THEN NULLIF(d.module_name, '') END) AS ModuleName, {Launched} AS Launched, " +
            "SUM(CASE WHEN d.stage = 2 THEN d.learners ELSE 0 END) AS Started, SUM(CASE WHEN d.stage = 3 THEN d.learners ELSE 0 END) AS Completed " +
            "FROM analytics_funnel_days d WHERE d.tenant = @tenant AND d.school_id = @school AND d.course_id = @course AND d.role = @role" + module +
            $" AND d.day >= @fromDay AND d.day <= @toDay AND d.prev_day < @fromDay GROUP BY d.module_id HAVING {Launched} > 0 ORDER BY d.module_id";
        return QueryAsync<FunnelRow>(sql, parameters, cancellationToken);
    }

    private Task<IReadOnlyList<FunnelRow>> FunnelFromLearnersAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        var rows = FactFilterSql.For(tenant, filter, "f", null, table: "analytics_funnel", learners: learners);
        const string CompletedInRange = "f.completed_day >= @fromDay AND f.completed_day <= @toDay";
        const string StartedInRange = "f.started_day >= @fromDay AND f.started_day <= @toDay";
        const string Started = $"f.started_day <= @toDay AND ({StartedInRange} OR {CompletedInRange})";
        const string Launched = $"f.launched_day <= @toDay AND (f.launched_day >= @fromDay OR {StartedInRange} OR {CompletedInRange})";

        // The inner query folds a learner's courses into one row per module and learner, in the
        // order of the rollup's key, so the outer one counts rows instead of distinct learners.
        var sql = "SELECT g.module_id AS ModuleId, MAX(g.module_name) AS ModuleName, COUNT(*) AS Launched, SUM(g.started) AS Started, SUM(g.completed) AS Completed FROM (" +
            $"SELECT f.module_id, f.actor_id, MAX(f.module_name) AS module_name, MAX(CASE WHEN {Started} THEN 1 ELSE 0 END) AS started, " +
            $"MAX(CASE WHEN {CompletedInRange} THEN 1 ELSE 0 END) AS completed " +
            $"FROM {rows.From} WHERE {rows.Where} AND {Launched} GROUP BY f.module_id, f.actor_id) g GROUP BY g.module_id ORDER BY g.module_id";
        return QueryAsync<FunnelRow>(sql, rows.Parameters, cancellationToken);
    }

    /// <summary>
    /// Learners per bucket of points earned in the range, summed from the <c>analytics_points</c>
    /// rollup (one row per learner, course and day). Points are per course, so the module filter
    /// does not apply.
    /// </summary>
    public Task<IReadOnlyList<PointsBucketRow>> PointsAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        var rows = FactFilterSql.For(tenant, filter, "f", null, module: false, table: "analytics_points", learners: learners);
        var bucket = "CASE";
        for (var index = PointsBuckets.Count - 1; index > 0; index--)
        {
            bucket += $" WHEN totals.points >= {PointsBuckets[index]} THEN {index}";
        }

        bucket += " ELSE 0 END";
        var sql = $"SELECT {bucket} AS Bucket, COUNT(*) AS Learners FROM (" +
            $"SELECT f.actor_id, SUM(f.points) AS points FROM {rows.From} WHERE {rows.Where} AND f.day >= @fromDay AND f.day <= @toDay GROUP BY f.actor_id) totals " +
            $"GROUP BY {bucket} ORDER BY Bucket";
        return QueryAsync<PointsBucketRow>(sql, rows.Parameters, cancellationToken);
    }

    /// <summary>
    /// Learners per highest level reached by the end of the range, from the first day of each
    /// level in the <c>analytics_levels</c> rollup. Levels are per course, so the module filter
    /// does not apply.
    /// </summary>
    public Task<IReadOnlyList<LevelRow>> LevelsAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        var rows = FactFilterSql.For(tenant, filter, "f", null, module: false, table: "analytics_levels", learners: learners);
        var sql = "SELECT levels.reached AS Level, COUNT(*) AS Learners FROM (" +
            $"SELECT f.actor_id, MAX(f.level) AS reached FROM {rows.From} WHERE {rows.Where} AND f.first_day <= @toDay GROUP BY f.actor_id) levels " +
            "GROUP BY levels.reached ORDER BY Level";
        return QueryAsync<LevelRow>(sql, rows.Parameters, cancellationToken);
    }

    /// <summary>
    /// Turnaround of evidence submitted in the range, per module and for all modules (the row with
    /// a null module): the time from the submission to the first approval or return of the same
    /// evidence activity. Reads the <c>analytics_submissions</c> rollup, one row per submission.
    /// </summary>
    public async Task<IReadOnlyList<TurnaroundRow>> TurnaroundAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        var submissions = FactFilterSql.For(tenant, filter, "s", null, table: "analytics_submissions", learners: learners);
        var sql = "SELECT s.module_id AS ModuleId, s.first_review_ms - s.submitted_ms AS TurnaroundMs " +
            $"FROM {submissions.From} WHERE {submissions.Where} AND s.day >= @fromDay AND s.day <= @toDay";
        var times = new TurnaroundTimes();
        await using DbConnection connection = await _database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(_database.Command(SqlText.Portable(sql), submissions.Parameters, cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            times.Add(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
        }

        return times.Rows();
    }

    /// <summary>
    /// Approvals and returns per reviewer in the range. The school and role filters select the
    /// learners whose evidence was reviewed. Without them the query reads the review facts. With
    /// them it reads the <c>analytics_reviews</c> rollup, one row per review and submitter of its
    /// evidence, and counts each review once whatever the number of its selected submitters.
    /// </summary>
    public Task<IReadOnlyList<ReviewerRow>> ReviewersAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        FactFilterSql rows;
        string reviews;
        if (learners.ActorIds is null)
        {
            rows = FactFilterSql.For(tenant, filter, "r", ReviewKinds, person: false);
            reviews = $"SELECT r.actor_id AS reviewer_id, r.kind FROM {rows.From} WHERE {rows.Where}";
        }
        else
        {
            // The rollup's course and module are the submission's, and the review's must match too.
            rows = FactFilterSql.For(tenant, filter, "r", null, table: "analytics_reviews", learners: learners);
            var review = (filter.CourseId is null ? "" : " AND r.review_course_id = @course") + (filter.ModuleId is null ? "" : " AND r.review_module_id = @module");
            // A review (one seq) has one reviewer and kind, so grouping by the key's prefix alone
            // reads the rows in key order without sorting them.
            reviews = $"SELECT MIN(r.reviewer_id) AS reviewer_id, MIN(r.kind) AS kind FROM {rows.From} WHERE {rows.Where}{review} " +
                "AND r.day >= @fromDay AND r.day <= @toDay GROUP BY r.day, r.seq";
        }

        // The reviewers' names are looked up once per reviewer after counting, not once per review.
        var sql = "SELECT g.reviewer_id AS ActorId, u.name AS ReviewerName, g.approved AS Approved, g.returned AS Returned FROM (" +
            "SELECT x.reviewer_id, SUM(CASE WHEN x.kind = 5 THEN 1 ELSE 0 END) AS approved, SUM(CASE WHEN x.kind = 6 THEN 1 ELSE 0 END) AS returned, " +
            $"COUNT(*) AS reviews FROM ({reviews}) x GROUP BY x.reviewer_id) g " +
            "JOIN analytics_actors ra ON ra.actor_id = g.reviewer_id LEFT JOIN lti_users u ON u.id = ra.user_ref ORDER BY g.reviews DESC, g.reviewer_id";
        return QueryAsync<ReviewerRow>(sql, rows.Parameters, cancellationToken);
    }

    /// <summary>
    /// Learners per school and module who completed the module in the range, from the
    /// <c>analytics_school_hours</c> rollup: for the cell of the course and role filters, one row
    /// per school, module, completion day and previous completion day of the learner, so each
    /// learner counts once through the first completion day in the range. The school filter reads
    /// the rollup's school column, so this chart needs no learner set. Learners without a recorded
    /// school come in the rows with a null school.
    /// </summary>
    public Task<IReadOnlyList<SchoolCompletionRow>> SchoolCompletionsAsync(string tenant, DashboardFilter filter, CancellationToken cancellationToken)
    {
        var parameters = CellParameters(tenant, filter);
        var narrower = "";
        if (filter.SchoolId is not null)
        {
            parameters.Add("school", filter.SchoolId);
            narrower += " AND h.school_id = @school";
        }

        if (filter.ModuleId is not null)
        {
            parameters.Add("module", filter.ModuleId);
            narrower += " AND h.module_id = @module";
        }

        var sql = "SELECT NULLIF(h.school_id, '') AS SchoolId, h.module_id AS ModuleId, SUM(h.learners) AS Learners FROM analytics_school_hours h " +
            "WHERE h.tenant = @tenant AND h.course_id = @course AND h.role = @role AND h.day >= @fromDay AND h.day <= @toDay AND h.prev_day < @fromDay" + narrower +
            " GROUP BY h.school_id, h.module_id HAVING SUM(h.learners) > 0 ORDER BY SchoolId, ModuleId";
        return QueryAsync<SchoolCompletionRow>(sql, parameters, cancellationToken);
    }

    // The module and the weeks select a few thousand facts, while a role filter's learner set
    // can contain every teacher of the district. Searching ix_analytics_facts_actor once per
    // learner read all facts of each learner, of any day and module (14 s CPU at 5,000,000
    // statements, docs/benchmarks.md). The unary plus keeps SQLite on ix_analytics_facts_module,
    // which contains the day, and checks each fact of the range against the set instead.
    private Task<IReadOnlyList<WeeklyActiveRow>> WeeklyActiveFromFactsAsync(string tenant, DashboardFilter filter, DashboardLearners learners, CancellationToken cancellationToken)
    {
        var wholeWeeks = filter with
        {
            From = DashboardFilter.DateOfDay(AnalyticsRollups.WeekOf(filter.FromDay)),
            To = DashboardFilter.DateOfDay(AnalyticsRollups.WeekOf(filter.ToDay) + 6),
        };
        var facts = FactFilterSql.For(tenant, wholeWeeks, "f", LearningKinds, learners: learners, learnerIndex: false);
        var sql = $"SELECT f.{RollupSql.WeekOfDay} AS WeekStartDay, COUNT(DISTINCT f.actor_id) AS Learners FROM {facts.From} WHERE {facts.Where} " +
            $"GROUP BY f.{RollupSql.WeekOfDay} ORDER BY WeekStartDay";
        return QueryAsync<WeeklyActiveRow>(sql, facts.Parameters, cancellationToken);
    }

    // The tenant, the day range, and the course and role cell of a rollup keyed by filter cells.
    private static DynamicParameters CellParameters(string tenant, DashboardFilter filter)
    {
        var parameters = new DynamicParameters();
        parameters.Add("tenant", tenant);
        parameters.Add("fromDay", filter.FromDay);
        parameters.Add("toDay", filter.ToDay);
        parameters.Add("course", filter.CourseId ?? RollupSql.Any);
        parameters.Add("role", filter.Role?.ToString() ?? RollupSql.Any);
        return parameters;
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<T>(_database.Command(SqlText.Portable(sql), parameters, cancellationToken));
        return rows.ToList();
    }
}
