using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Keeps <c>analytics_school_hours</c> in line with <c>analytics_completions</c>. A completion
/// fact always has a funnel row too, so <see cref="FunnelDaysRollup"/> calls this class for the
/// same learners, in the same transaction, under the same counted person
/// (<c>analytics_actors.funnel_person</c>).
/// </summary>
internal sealed class SchoolHoursRollup
{
    // Dapper expands a list into one parameter per item, and SQL Server takes at most 2100.
    private const int IdsPerLookup = 1000;

    // Seven parameters per VALUES row plus the shared tenant keep a command under SQL Server's 2100.
    private const int RowsPerStatement = 250;

    private readonly Database _database;

    public SchoolHoursRollup(Database database)
    {
        _database = database;
    }

    /// <summary>Reads the completions of <paramref name="actorIds"/>, grouped by actor.</summary>
    public async Task<Dictionary<long, List<CompletionDay>>> ReadCompletionsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<long> actorIds, CancellationToken cancellationToken)
    {
        var completions = new Dictionary<long, List<CompletionDay>>();
        foreach (var chunk in actorIds.Chunk(_database.ListItemsPerCommand(IdsPerLookup)))
        {
            var rows = await connection.QueryAsync<CompletionDay>(_database.Command(SchoolHoursSql.CompletionsOfActors, new { tenant, actorIds = chunk }, cancellationToken, transaction));
            AddTo(completions, rows);
        }

        return completions;
    }

    /// <summary>
    /// Subtracts the rows that the learners of <paramref name="change"/> counted in before it,
    /// and adds the rows their completions give now under their person in
    /// <paramref name="countedAfter"/>. A learner missing from <paramref name="countedAfter"/>
    /// adds no rows.
    /// </summary>
    public async Task ApplyAsync(
        DbConnection connection, DbTransaction transaction, FunnelDaysChange change, IReadOnlyDictionary<long, FunnelPerson> countedAfter, CancellationToken cancellationToken)
    {
        var after = await ReadCompletionsAsync(connection, transaction, change.Tenant, change.ActorIds, cancellationToken);
        var deltas = new Dictionary<SchoolHoursKey, long>();
        foreach (var actorId in change.ActorIds)
        {
            if (change.Completions.TryGetValue(actorId, out var before) && change.Counted.TryGetValue(actorId, out var countedBefore))
            {
                RollupCounts.Add(deltas, SchoolHours.Contributions(countedBefore, before), -1);
            }

            if (after.TryGetValue(actorId, out var rows) && countedAfter.TryGetValue(actorId, out var person))
            {
                RollupCounts.Add(deltas, SchoolHours.Contributions(person, rows), 1);
            }
        }

        var changed = deltas.Where(entry => entry.Value != 0).ToList();
        await WriteAsync(connection, transaction, change.Tenant, changed, SchoolHoursSql.AddRows, cancellationToken);
    }

    /// <summary>
    /// Derives every <c>analytics_school_hours</c> row of <paramref name="tenant"/> again from its
    /// completions, counting each learner under their person in <paramref name="counted"/>.
    /// </summary>
    public async Task RebuildTenantAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyDictionary<long, FunnelPerson> counted, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(_database.Command(SchoolHoursSql.DeleteTenant, new { tenant }, cancellationToken, transaction));
        var completions = new Dictionary<long, List<CompletionDay>>();
        AddTo(completions, await connection.QueryAsync<CompletionDay>(_database.Command(SchoolHoursSql.CompletionsOfTenant, new { tenant }, cancellationToken, transaction)));
        var counts = new Dictionary<SchoolHoursKey, long>();
        foreach (var (actorId, rows) in completions)
        {
            if (counted.TryGetValue(actorId, out var person))
            {
                RollupCounts.Add(counts, SchoolHours.Contributions(person, rows), 1);
            }
        }

        // Rows inserted in key order append to the b-tree, as in FunnelDaysRollup.
        var ordered = counts
            .OrderBy(entry => entry.Key.CourseId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Role, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Day)
            .ThenBy(entry => entry.Key.SchoolId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.ModuleId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.PreviousDay);
        await WriteAsync(connection, transaction, tenant, ordered, values => SqlText.Portable(SchoolHoursSql.InsertPrefix + values), cancellationToken);
    }

    /// <summary>
    /// Derives the rollup of every district once after the migration that added it, under the
    /// persons <c>analytics_funnel_days</c> counted the learners under.
    /// </summary>
    public async Task EnsureDerivedAsync(DbConnection connection, DbTransaction transaction, long nowMs, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<long>(_database.Command(SchoolHoursSql.IsDerived, null, cancellationToken, transaction)) != 0)
        {
            return;
        }

        var tenants = await connection.QueryAsync<string>(_database.Command(SchoolHoursSql.Tenants, null, cancellationToken, transaction));
        foreach (var tenant in tenants.ToList())
        {
            var persons = await connection.QueryAsync<(long ActorId, string Person)>(_database.Command(SchoolHoursSql.PersonsOfTenant, new { tenant }, cancellationToken, transaction));
            var counted = persons.ToDictionary(row => row.ActorId, row => FunnelPerson.Parse(row.Person));
            await RebuildTenantAsync(connection, transaction, tenant, counted, cancellationToken);
        }

        await MarkDerivedAsync(connection, transaction, nowMs, cancellationToken);
    }

    /// <summary>Records that the rollup contains every district's rows.</summary>
    public Task MarkDerivedAsync(DbConnection connection, DbTransaction transaction, long nowMs, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(_database.Command(SchoolHoursSql.MarkDerived, new { nowMs }, cancellationToken, transaction));

    private static void AddTo(Dictionary<long, List<CompletionDay>> completions, IEnumerable<CompletionDay> rows)
    {
        foreach (var row in rows)
        {
            if (!completions.TryGetValue(row.ActorId, out var list))
            {
                list = [];
                completions[row.ActorId] = list;
            }

            list.Add(row);
        }
    }

    // Writes rows with the statement that <paramref name="statement"/> makes of a VALUES list.
    // On SQLite one single-row statement run per row binds in linear time, as FunnelDaysRollup explains.
    private async Task WriteAsync(
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        IEnumerable<KeyValuePair<SchoolHoursKey, long>> rows,
        Func<string, SqlText> statement,
        CancellationToken cancellationToken)
    {
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            var items = rows.Select(entry => new
            {
                tenant, entry.Key.CourseId, entry.Key.Role, entry.Key.Day, entry.Key.SchoolId, entry.Key.ModuleId, entry.Key.PreviousDay, Learners = entry.Value,
            }).ToList();
            await connection.ExecuteAsync(_database.Command(statement(SchoolHoursSql.SingleRow), items, cancellationToken, transaction));
            return;
        }

        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var values = new StringBuilder();
            var parameters = new DynamicParameters();
            parameters.Add("tenant", tenant);
            for (var index = 0; index < chunk.Length; index++)
            {
                var (key, learners) = chunk[index];
                var p = index.ToString(CultureInfo.InvariantCulture);
                values.Append(index == 0 ? "(" : ", (");
                values.Append(CultureInfo.InvariantCulture, $"@tenant, @c{p}, @r{p}, @d{p}, @s{p}, @m{p}, @p{p}, @l{p})");
                parameters.Add("c" + p, key.CourseId);
                parameters.Add("r" + p, key.Role);
                parameters.Add("d" + p, key.Day);
                parameters.Add("s" + p, key.SchoolId);
                parameters.Add("m" + p, key.ModuleId);
                parameters.Add("p" + p, key.PreviousDay);
                parameters.Add("l" + p, learners);
            }

            await connection.ExecuteAsync(_database.Command(statement(values.ToString()), parameters, cancellationToken, transaction));
        }
    }
}
