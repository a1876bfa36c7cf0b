using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Keeps the rollups the dashboards read (<c>analytics_week_learners</c>,
/// <c>analytics_weekly_active</c>, <c>analytics_submissions</c>, <c>analytics_reviews</c>, and on a rebuild also
/// <c>analytics_funnel</c> and the rollups of <see cref="ChartRollupSql"/>) in line with
/// <c>analytics_facts</c>. Every method runs inside the caller's transaction.
/// </summary>
internal sealed class AnalyticsRollups
{
    // Dapper expands a list into one parameter per item; SQL Server takes at most 2100.
    private const int IdsPerLookup = 1000;

    // Six parameters per VALUES row, under SQL Server's 2100 parameters a command.
    private const int RowsPerUpsert = 300;

    private readonly Database _database;
    private readonly FunnelDaysRollup _funnelDays;

    public AnalyticsRollups(Database database)
    {
        _database = database;
        _funnelDays = new FunnelDaysRollup(database);
    }

    /// <summary>A learning fact of a batch: the learner, week and course key it adds to <c>analytics_week_learners</c>.</summary>
    public readonly record struct LearnerWeek(string Tenant, int WeekDay, long ActorId, string CourseId);

    /// <summary>Returns the Monday of the week of <paramref name="day"/>, both in days since 1970-01-01, as <see cref="RollupSql.WeekOfDay"/> does.</summary>
    public static int WeekOf(int day) => day - ((day + 3) % 7);

    /// <summary>
    /// Links actors of <paramref name="tenant"/> to LTI users who exist now, and returns the ids
    /// of the actors it linked.
    /// </summary>
    public async Task<IReadOnlyList<long>> ResolveUsersAsync(DbConnection connection, DbTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        var resolved = (await connection.QueryAsync<(long ActorId, string UserRef)>(_database.Command(
            RollupSql.FindResolvableActors, new { tenant }, cancellationToken, transaction))).ToList();
        if (resolved.Count > 0)
        {
            await connection.ExecuteAsync(_database.Command(
                RollupSql.SetUserRef, resolved.Select(row => new { row.ActorId, row.UserRef }).ToList(), cancellationToken, transaction));
        }

        return resolved.Select(row => row.ActorId).ToList();
    }

    /// <summary>
    /// Folds the facts of one projected batch (statements with seq in (<paramref name="after"/>,
    /// <paramref name="lastSeq"/>]) into the submission, review and weekly rollups.
    /// </summary>
    public async Task ApplyBatchAsync(
        DbConnection connection,
        DbTransaction transaction,
        long after,
        long lastSeq,
        IReadOnlyCollection<LearnerWeek> learnerWeeks,
        IReadOnlyCollection<(string Tenant, string EvidenceId)> reviewedEvidence,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(_database.Command(RollupSql.InsertBatchSubmissions, new { after, lastSeq }, cancellationToken, transaction));

        // Only submissions of evidence reviewed in the batch can have an earlier first review now.
        var reviewed = reviewedEvidence.Distinct().Select(row => new { tenant = row.Tenant, evidenceId = row.EvidenceId }).ToList();
        if (reviewed.Count > 0)
        {
            await connection.ExecuteAsync(_database.Command(RollupSql.UpdateFirstReviewsOfEvidence, reviewed, cancellationToken, transaction));
        }

        await connection.ExecuteAsync(_database.Command(ReviewRollupSql.InsertBatchReviews, new { after, lastSeq }, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(ReviewRollupSql.InsertBatchSubmitters, new { after, lastSeq }, cancellationToken, transaction));

        foreach (var group in learnerWeeks.Distinct().GroupBy(row => (row.Tenant, row.WeekDay)))
        {
            await AddLearnerWeeksAsync(connection, transaction, group.Key.Tenant, group.Key.WeekDay, [.. group], cancellationToken);
        }
    }

    /// <summary>Derives the weekly rows of <paramref name="weeks"/> of <paramref name="tenant"/> again from <c>analytics_week_learners</c>.</summary>
    public async Task RederiveWeeksAsync(DbConnection connection, DbTransaction transaction, string tenant, IEnumerable<int> weeks, CancellationToken cancellationToken)
    {
        foreach (var weekDay in weeks.Distinct())
        {
            await connection.ExecuteAsync(_database.Command(RollupSql.DeleteWeeklyActiveWeek, new { tenant, weekDay }, cancellationToken, transaction));
            await connection.ExecuteAsync(_database.Command(RollupSql.DeriveWeeklyActiveWeek, new { tenant, weekDay }, cancellationToken, transaction));
        }
    }

    /// <summary>Returns the weeks in which <paramref name="actorIds"/> of <paramref name="tenant"/> were active.</summary>
    public async Task<IReadOnlyList<int>> WeeksOfActorsAsync(DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<long> actorIds, CancellationToken cancellationToken)
    {
        var weeks = new HashSet<int>();
        foreach (var chunk in actorIds.Chunk(_database.ListItemsPerCommand(IdsPerLookup)))
        {
            weeks.UnionWith(await connection.QueryAsync<int>(_database.Command(RollupSql.WeeksOfActors, new { tenant, actorIds = chunk }, cancellationToken, transaction)));
        }

        return [.. weeks];
    }

    /// <summary>Derives every rollup of <paramref name="tenant"/> again from its facts, rosters and schools.</summary>
    public async Task RebuildTenantAsync(DbConnection connection, DbTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await ResolveUsersAsync(connection, transaction, tenant, cancellationToken);
        SqlText[] steps =
        [
            RollupSql.DeleteFunnelTenant, RollupSql.DeriveFunnelTenant,
            RollupSql.DeleteSubmissionsTenant, RollupSql.DeriveSubmissionsTenant,
            ReviewRollupSql.DeleteTenant, ReviewRollupSql.DeriveTenant,
            RollupSql.DeleteWeekLearnersTenant, RollupSql.DeriveWeekLearnersTenant,
            RollupSql.DeleteWeeklyActiveTenant, RollupSql.DeriveWeeklyActiveTenant,
            .. ChartRollupSql.RebuildTenant,
        ];
        foreach (var step in steps)
        {
            await connection.ExecuteAsync(_database.Command(step, new { tenant }, cancellationToken, transaction));
        }

        await _funnelDays.RebuildTenantAsync(connection, transaction, tenant, cancellationToken);
    }

    /// <summary>Derives <c>analytics_weekly_active</c> of every tenant once after the migration that added it.</summary>
    public async Task EnsureWeeklyDerivedAsync(DbConnection connection, DbTransaction transaction, long nowMs, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<long>(_database.Command(RollupSql.WeeklyBuilt, null, cancellationToken, transaction)) != 0)
        {
            return;
        }

        await connection.ExecuteAsync(_database.Command(RollupSql.DeleteWeeklyActiveAll, null, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(RollupSql.DeriveWeeklyActiveAll, null, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(RollupSql.MarkWeeklyBuilt, new { nowMs }, cancellationToken, transaction));
    }

    // Adds the learning rows of one week that are new, then adds one learner to every weekly cell
    // the learner was not counted in yet: the course cells for each new course, and the "any
    // course" cells when the learner had no row in that week before.
    // NOTE: school and roles are read here, when a learner is first counted in a week. A later
    // roster or school change reaches analytics_weekly_active only through `analytics rebuild`.
    private async Task AddLearnerWeeksAsync(
        DbConnection connection, DbTransaction transaction, string tenant, int weekDay, IReadOnlyList<LearnerWeek> rows, CancellationToken cancellationToken)
    {
        var actorIds = rows.Select(row => row.ActorId).Distinct().ToList();
        var existing = new HashSet<(long ActorId, string CourseId)>();
        foreach (var chunk in actorIds.Chunk(_database.ListItemsPerCommand(IdsPerLookup)))
        {
            var stored = await connection.QueryAsync<(int WeekDay, long ActorId, string CourseId)>(_database.Command(
                RollupSql.ReadWeekLearners, new { tenant, weekDay, actorIds = chunk }, cancellationToken, transaction));
            existing.UnionWith(stored.Select(row => (row.ActorId, row.CourseId)));
        }

        var activeBefore = existing.Select(row => row.ActorId).ToHashSet();
        var added = rows.Where(row => !existing.Contains((row.ActorId, row.CourseId))).ToList();
        if (added.Count == 0)
        {
            return;
        }

        await InsertLearnerWeeksAsync(connection, transaction, added, cancellationToken);
        var people = await ReadPeopleAsync(connection, transaction, added.Select(row => row.ActorId).Distinct().ToList(), cancellationToken);
        var increments = new Dictionary<(string School, string Course, string Role), long>();
        foreach (var row in added)
        {
            var person = people.GetValueOrDefault(row.ActorId);
            if (row.CourseId.Length > 0)
            {
                Count(increments, person, row.CourseId, person?.RolesIn(row.CourseId));
            }
        }

        foreach (var actorId in added.Select(row => row.ActorId).Distinct().Where(id => !activeBefore.Contains(id)))
        {
            var person = people.GetValueOrDefault(actorId);
            Count(increments, person, RollupSql.Any, person?.AllRoles());
        }

        await AddWeeklyActiveAsync(connection, transaction, tenant, weekDay, increments, cancellationToken);
    }

    private static void Count(Dictionary<(string, string, string), long> increments, Person? person, string course, IEnumerable<string>? roles)
    {
        List<string> schools = person?.SchoolId is { } schoolId ? [RollupSql.Any, schoolId] : [RollupSql.Any];
        List<string> roleKeys = [RollupSql.Any, .. roles ?? []];
        foreach (var school in schools)
        {
            foreach (var role in roleKeys)
            {
                increments[(school, course, role)] = increments.GetValueOrDefault((school, course, role)) + 1;
            }
        }
    }

    private async Task InsertLearnerWeeksAsync(DbConnection connection, DbTransaction transaction, List<LearnerWeek> rows, CancellationToken cancellationToken)
    {
        // On SQLite one single-row statement run per row binds in linear time, where a statement
        // of 1,200 parameters binds in quadratic time (see AnalyticsProjector.InsertFactsAsync).
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            await connection.ExecuteAsync(_database.Command(
                SqlText.Portable(RollupSql.InsertWeekLearnerPrefix + "(@Tenant, @WeekDay, @ActorId, @CourseId)"), rows, cancellationToken, transaction));
            return;
        }

        foreach (var chunk in rows.Chunk(RowsPerUpsert))
        {
            var sql = new StringBuilder(RollupSql.InsertWeekLearnerPrefix);
            var parameters = new DynamicParameters();
            for (var index = 0; index < chunk.Length; index++)
            {
                var p = index.ToString(CultureInfo.InvariantCulture);
                sql.Append(index == 0 ? "(" : ", (");
                sql.Append(CultureInfo.InvariantCulture, $"@t{p}, @w{p}, @a{p}, @c{p})");
                parameters.Add("t" + p, chunk[index].Tenant);
                parameters.Add("w" + p, chunk[index].WeekDay);
                parameters.Add("a" + p, chunk[index].ActorId);
                parameters.Add("c" + p, chunk[index].CourseId);
            }

            await connection.ExecuteAsync(_database.Command(SqlText.Portable(sql.ToString()), parameters, cancellationToken, transaction));
        }
    }

    private async Task AddWeeklyActiveAsync(
        DbConnection connection, DbTransaction transaction, string tenant, int weekDay, Dictionary<(string School, string Course, string Role), long> increments, CancellationToken cancellationToken)
    {
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            var rows = increments.Select(entry => new
            {
                tenant, weekDay, School = entry.Key.School, Course = entry.Key.Course, Role = entry.Key.Role, Learners = entry.Value,
            }).ToList();
            await connection.ExecuteAsync(_database.Command(
                RollupSql.AddWeeklyActive("(@tenant, @weekDay, @School, @Course, @Role, @Learners)"), rows, cancellationToken, transaction));
            return;
        }

        foreach (var chunk in increments.Chunk(RowsPerUpsert))
        {
            var values = new StringBuilder();
            var parameters = new DynamicParameters();
            parameters.Add("tenant", tenant);
            parameters.Add("weekDay", weekDay);
            for (var index = 0; index < chunk.Length; index++)
            {
                var ((school, course, role), learners) = chunk[index];
                var p = index.ToString(CultureInfo.InvariantCulture);
                values.Append(index == 0 ? "(" : ", (");
                values.Append(CultureInfo.InvariantCulture, $"@tenant, @weekDay, @s{p}, @c{p}, @r{p}, @n{p})");
                parameters.Add("s" + p, school);
                parameters.Add("c" + p, course);
                parameters.Add("r" + p, role);
                parameters.Add("n" + p, learners);
            }

            await connection.ExecuteAsync(_database.Command(RollupSql.AddWeeklyActive(values.ToString()), parameters, cancellationToken, transaction));
        }
    }

    private async Task<Dictionary<long, Person>> ReadPeopleAsync(DbConnection connection, DbTransaction transaction, List<long> actorIds, CancellationToken cancellationToken)
    {
        var people = new Dictionary<long, Person>();
        foreach (var chunk in actorIds.Chunk(_database.ListItemsPerCommand(IdsPerLookup)))
        {
            var rows = await connection.QueryAsync<(long ActorId, string? SchoolId, string? CourseId, string? Role)>(_database.Command(
                RollupSql.ReadPeople, new { actorIds = chunk }, cancellationToken, transaction));
            foreach (var row in rows)
            {
                if (!people.TryGetValue(row.ActorId, out var person))
                {
                    person = new Person(row.SchoolId);
                    people[row.ActorId] = person;
                }

                if (row.CourseId is not null && row.Role is not null)
                {
                    person.Roles.Add((row.CourseId, row.Role));
                }
            }
        }

        return people;
    }

    // An actor's school and roster roles as (course, role) pairs, when the actor is a known LTI user.
    private sealed record Person(string? SchoolId)
    {
        public HashSet<(string CourseId, string Role)> Roles { get; } = [];

        public IEnumerable<string> RolesIn(string courseId) => Roles.Where(entry => entry.CourseId == courseId).Select(entry => entry.Role).Distinct(StringComparer.Ordinal);

        public IEnumerable<string> AllRoles() => Roles.Select(entry => entry.Role).Distinct(StringComparer.Ordinal);
    }
}
