using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Keeps <c>analytics_funnel_days</c> in line with <c>analytics_funnel</c> and the people's
/// schools and roster roles. Around a change to learners' funnel rows, <see cref="CaptureAsync"/>
/// reads what they counted in before and <see cref="ApplyAsync"/> moves their counts to what they
/// count in after. Every method runs inside the caller's transaction.
/// </summary>
// NOTE: a learner's school and roles are read only when their funnel rows change. A later roster
// or school change alone reaches analytics_funnel_days and analytics_school_hours only through
// `analytics rebuild`.
internal sealed class FunnelDaysRollup
{
    // Dapper expands a list into one parameter per item; SQL Server takes at most 2100.
    private const int IdsPerLookup = 1000;

    // Nine parameters per VALUES row and the shared tenant, under SQL Server's 2100 a command.
    private const int RowsPerStatement = 200;

    private readonly Database _database;
    private readonly SchoolHoursRollup _schoolHours;

    public FunnelDaysRollup(Database database)
    {
        _database = database;
        _schoolHours = new SchoolHoursRollup(database);
    }

    /// <summary>Reads the funnel rows of <paramref name="actorIds"/> and the person each was counted as, before they change.</summary>
    public async Task<FunnelDaysChange> CaptureAsync(DbConnection connection, DbTransaction transaction, string tenant, IEnumerable<long> actorIds, CancellationToken cancellationToken)
    {
        var ids = actorIds.Distinct().ToList();
        var stages = await ReadStagesAsync(connection, transaction, tenant, ids, cancellationToken);
        var counted = new Dictionary<long, FunnelPerson>();
        foreach (var chunk in ids.Chunk(_database.ListItemsPerCommand(IdsPerLookup)))
        {
            var rows = await connection.QueryAsync<(long ActorId, string? Person)>(_database.Command(
                FunnelDaysSql.PersonsCounted, new { tenant, actorIds = chunk }, cancellationToken, transaction));
            foreach (var (actorId, person) in rows.Where(row => row.Person is not null))
            {
                counted[actorId] = FunnelPerson.Parse(person!);
            }
        }

        var completions = await _schoolHours.ReadCompletionsAsync(connection, transaction, tenant, ids, cancellationToken);
        return new FunnelDaysChange(tenant, ids, stages, counted, completions);
    }

    /// <summary>
    /// Takes the learners of <paramref name="change"/> away from the rows they counted in, adds
    /// them to the rows their funnel rows, school and roles give now, and records that person.
    /// Moves their <c>analytics_school_hours</c> counts the same way.
    /// </summary>
    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, FunnelDaysChange change, CancellationToken cancellationToken)
    {
        if (change.ActorIds.Count == 0)
        {
            return;
        }

        var after = await ReadStagesAsync(connection, transaction, change.Tenant, change.ActorIds, cancellationToken);
        var people = await ReadPeopleAsync(connection, transaction, change.Tenant, change.ActorIds, cancellationToken);
        var deltas = new Dictionary<FunnelDayKey, long>();
        var persons = new List<object>();
        var countedAfter = new Dictionary<long, FunnelPerson>();
        foreach (var actorId in change.ActorIds)
        {
            if (change.Stages.TryGetValue(actorId, out var before) && change.Counted.TryGetValue(actorId, out var countedAs))
            {
                RollupCounts.Add(deltas, FunnelDays.Contributions(countedAs, before), -1);
            }

            var person = people.GetValueOrDefault(actorId, FunnelPerson.Unknown);
            var rows = after.GetValueOrDefault(actorId);
            RollupCounts.Add(deltas, FunnelDays.Contributions(person, rows ?? []), 1);
            persons.Add(new { ActorId = actorId, Person = rows is null ? null : person.Format() });
            if (rows is not null)
            {
                countedAfter[actorId] = person;
            }
        }

        var changed = deltas.Where(entry => entry.Value != 0).ToList();
        await WriteAsync(connection, transaction, change.Tenant, changed, FunnelDaysSql.AddRows, cancellationToken);
        await connection.ExecuteAsync(_database.Command(FunnelDaysSql.SavePersonCounted, persons, cancellationToken, transaction));
        await _schoolHours.ApplyAsync(connection, transaction, change, countedAfter, cancellationToken);
    }

    /// <summary>
    /// Derives every <c>analytics_funnel_days</c> and <c>analytics_school_hours</c> row of
    /// <paramref name="tenant"/> again from <c>analytics_funnel</c>, <c>analytics_completions</c>,
    /// schools and rosters.
    /// </summary>
    public async Task RebuildTenantAsync(DbConnection connection, DbTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(_database.Command(FunnelDaysSql.DeleteTenant, new { tenant }, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(FunnelDaysSql.ForgetPersonsOfTenant, new { tenant }, cancellationToken, transaction));
        var stages = (await connection.QueryAsync<FunnelStages>(_database.Command(FunnelDaysSql.StagesOfTenant, new { tenant }, cancellationToken, transaction)))
            .GroupBy(row => row.ActorId)
            .ToList();
        var people = People(await connection.QueryAsync<PersonRow>(_database.Command(FunnelDaysSql.PeopleOfTenant, new { tenant }, cancellationToken, transaction)));
        var counts = new Dictionary<FunnelDayKey, long>();
        var persons = new List<object>(stages.Count);
        var counted = new Dictionary<long, FunnelPerson>(stages.Count);
        foreach (var actor in stages)
        {
            var person = people.GetValueOrDefault(actor.Key, FunnelPerson.Unknown);
            RollupCounts.Add(counts, FunnelDays.Contributions(person, actor), 1);
            persons.Add(new { ActorId = actor.Key, Person = person.Format() });
            counted[actor.Key] = person;
        }

        // Rows inserted in key order append to the b-tree. In hash order each insert lands on a
        // random page, which SQLite then reads and writes again.
        var ordered = counts
            .OrderBy(entry => entry.Key.SchoolId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.CourseId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Role, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Day)
            .ThenBy(entry => entry.Key.ModuleId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Stage)
            .ThenBy(entry => entry.Key.PreviousDay)
            .ThenBy(entry => entry.Key.ModuleName, StringComparer.Ordinal);
        await WriteAsync(connection, transaction, tenant, ordered, values => SqlText.Portable(FunnelDaysSql.InsertPrefix + values), cancellationToken);
        await connection.ExecuteAsync(_database.Command(FunnelDaysSql.SavePersonCounted, persons, cancellationToken, transaction));
        await _schoolHours.RebuildTenantAsync(connection, transaction, tenant, counted, cancellationToken);
    }

    /// <summary>
    /// Derives the rollup of every district once after the migration that added it, and
    /// <c>analytics_school_hours</c> once after its own migration.
    /// </summary>
    public async Task EnsureDerivedAsync(DbConnection connection, DbTransaction transaction, long nowMs, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<long>(_database.Command(FunnelDaysSql.IsDerived, null, cancellationToken, transaction)) != 0)
        {
            await _schoolHours.EnsureDerivedAsync(connection, transaction, nowMs, cancellationToken);
            return;
        }

        var tenants = await connection.QueryAsync<string>(_database.Command(FunnelDaysSql.Tenants, null, cancellationToken, transaction));
        foreach (var tenant in tenants.ToList())
        {
            await RebuildTenantAsync(connection, transaction, tenant, cancellationToken);
        }

        await MarkDerivedAsync(connection, transaction, nowMs, cancellationToken);
    }

    /// <summary>Records that this rollup and <c>analytics_school_hours</c> contain every district's rows.</summary>
    public async Task MarkDerivedAsync(DbConnection connection, DbTransaction transaction, long nowMs, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(_database.Command(FunnelDaysSql.MarkDerived, new { nowMs }, cancellationToken, transaction));
        await _schoolHours.MarkDerivedAsync(connection, transaction, nowMs, cancellationToken);
    }

    // Writes rows with the statement that <paramref name="statement"/> makes of a VALUES list.
    private async Task WriteAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        IEnumerable<KeyValuePair<FunnelDayKey, long>> rows,
        Func<string, SqlText> statement,
        CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite looks up each parameter by a linear search of the statement's
        // parameter names, so binding a statement of thousands of parameters takes quadratic time.
        // One single-row statement, prepared once and run for each row, is faster there.
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            var items = rows.Select(entry => new
            {
                tenant, entry.Key.SchoolId, entry.Key.CourseId, entry.Key.Role, entry.Key.Day, entry.Key.ModuleId,
                entry.Key.Stage, entry.Key.PreviousDay, entry.Key.ModuleName, Learners = entry.Value,
            }).ToList();
            await connection.ExecuteAsync(_database.Command(statement(FunnelDaysSql.SingleRow), items, cancellationToken, transaction));
            return;
        }

        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var (values, parameters) = Values(tenant, chunk);
            await connection.ExecuteAsync(_database.Command(statement(values), parameters, cancellationToken, transaction));
        }
    }

    private static (string Values, DynamicParameters Parameters) Values(string tenant, KeyValuePair<FunnelDayKey, long>[] rows)
    {
        var values = new StringBuilder();
        var parameters = new DynamicParameters();
        parameters.Add("tenant", tenant);
        for (var index = 0; index < rows.Length; index++)
        {
            var (key, learners) = rows[index];
            var p = index.ToString(CultureInfo.InvariantCulture);
            values.Append(index == 0 ? "(" : ", (");
            values.Append(CultureInfo.InvariantCulture, $"@tenant, @s{p}, @c{p}, @r{p}, @d{p}, @m{p}, @g{p}, @p{p}, @n{p}, @l{p})");
            parameters.Add("s" + p, key.SchoolId);
            parameters.Add("c" + p, key.CourseId);
            parameters.Add("r" + p, key.Role);
            parameters.Add("d" + p, key.Day);
            parameters.Add("m" + p, key.ModuleId);
            parameters.Add("g" + p, key.Stage);
            parameters.Add("p" + p, key.PreviousDay);
            parameters.Add("n" + p, key.ModuleName);
            parameters.Add("l" + p, learners);
        }

        return (values.ToString(), parameters);
    }

    private async Task<Dictionary<long, List<FunnelStages>>> ReadStagesAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<long> actorIds, CancellationToken cancellationToken)
    {
        var stages = new Dictionary<long, List<FunnelStages>>();
        foreach (var chunk in actorIds.Chunk(_database.ListItemsPerCommand(IdsPerLookup)))
        {
            var rows = await connection.QueryAsync<FunnelStages>(_database.Command(FunnelDaysSql.StagesOfActors, new { tenant, actorIds = chunk }, cancellationToken, transaction));
            foreach (var row in rows)
            {
                if (!stages.TryGetValue(row.ActorId, out var list))
                {
                    list = [];
                    stages[row.ActorId] = list;
                }

                list.Add(row);
            }
        }

        return stages;
    }

    private async Task<Dictionary<long, FunnelPerson>> ReadPeopleAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<long> actorIds, CancellationToken cancellationToken)
    {
        var rows = new List<PersonRow>();
        foreach (var chunk in actorIds.Chunk(_database.ListItemsPerCommand(IdsPerLookup)))
        {
            rows.AddRange(await connection.QueryAsync<PersonRow>(_database.Command(FunnelDaysSql.PeopleOfActors, new { tenant, actorIds = chunk }, cancellationToken, transaction)));
        }

        return People(rows);
    }

    private static Dictionary<long, FunnelPerson> People(IEnumerable<PersonRow> rows) =>
        rows.GroupBy(row => row.ActorId).ToDictionary(
            group => group.Key,
            group => new FunnelPerson(
                group.First().SchoolId,
                group.Where(row => row.CourseId is not null && row.Role is not null).Select(row => (row.CourseId!, row.Role!)).Distinct().ToList()));

    private sealed class PersonRow
    {
        public long ActorId { get; init; }

        public string? SchoolId { get; init; }

        public string? CourseId { get; init; }

        public string? Role { get; init; }
    }
}

/// <summary>The learners whose funnel rows are about to change, with their funnel rows, completions and counted person from before.</summary>
internal sealed record FunnelDaysChange(
    string Tenant,
    IReadOnlyList<long> ActorIds,
    IReadOnlyDictionary<long, List<FunnelStages>> Stages,
    IReadOnlyDictionary<long, FunnelPerson> Counted,
    IReadOnlyDictionary<long, List<CompletionDay>> Completions);
