using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using LtiPd.Storage;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Copies what the dashboards count from new statements into <c>analytics_facts</c>, in batches
/// of <see cref="AnalyticsOptions.ProjectionBatchSize"/> statements in seq order, each batch in
/// one transaction with the new position. Memory stays at one batch whatever the table's size.
/// </summary>
internal sealed partial class AnalyticsProjector : IDisposable
{
    private const long MillisecondsPerDay = 86_400_000;

    // SQL Server accepts at most 2100 parameters a command; 11 per row leaves room.
    private const int RowsPerInsert = 150;

    // Dapper expands a list into one parameter per item; the same limit applies.
    private const int HashesPerLookup = 1000;

    private readonly Database _database;
    private readonly AnalyticsRollups _rollups;
    private readonly FunnelDaysRollup _funnelDays;
    private readonly TimeProvider _timeProvider;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;
    private readonly ILogger<AnalyticsProjector> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public AnalyticsProjector(Database database, TimeProvider timeProvider, IOptionsMonitor<AnalyticsOptions> options, ILogger<AnalyticsProjector> logger)
    {
        _database = database;
        _rollups = new AnalyticsRollups(database);
        _funnelDays = new FunnelDaysRollup(database);
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Projects new statements until none are left or <paramref name="maxStatements"/> were read,
    /// and returns how many statements were read.
    /// </summary>
    public async Task<long> CatchUpAsync(long maxStatements, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            long read = 0;
            var batchSize = _options.CurrentValue.ProjectionBatchSize;
            while (read < maxStatements)
            {
                var take = (int)Math.Min(batchSize, maxStatements - read);
                var batchRead = await ProjectBatchAsync(take, cancellationToken);
                read += batchRead;
                if (batchRead < take)
                {
                    break;
                }
            }

            return read;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Brings the facts and rollups of <paramref name="tenant"/> in line with rows that changed
    /// after they were projected: links actors to users who launched since and counts them under
    /// their school and roles, and deletes facts of statements voided since and derives the
    /// rollup rows they fed again (for the points, level and completion rollups, every row of
    /// each learner concerned).
    /// </summary>
    public async Task RefreshTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        // Taking the projection lock first keeps a batch from folding facts into a rollup row
        // between its rebuild and the commit.
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(ProjectionSql.Lock, new { nowMs, name = ProjectionSql.StreamName }, cancellationToken, transaction));
        await _rollups.EnsureWeeklyDerivedAsync(connection, transaction, nowMs, cancellationToken);
        await _funnelDays.EnsureDerivedAsync(connection, transaction, nowMs, cancellationToken);
        var resolved = await _rollups.ResolveUsersAsync(connection, transaction, tenant, cancellationToken);
        var weeks = new HashSet<int>(await _rollups.WeeksOfActorsAsync(connection, transaction, tenant, resolved, cancellationToken));

        var voidedRows = (await connection.QueryAsync<(long ActorId, string ModuleId)>(_database.Command(
            ProjectionSql.FindVoidedFunnelRows, new { tenant }, cancellationToken, transaction))).ToList();
        var funnelChange = await _funnelDays.CaptureAsync(connection, transaction, tenant, resolved.Concat(voidedRows.Select(row => row.ActorId)), cancellationToken);
        var voidedLearnerWeeks = (await connection.QueryAsync<(long ActorId, int WeekDay)>(_database.Command(
            RollupSql.FindVoidedLearnerWeeks, new { tenant }, cancellationToken, transaction))).ToList();
        var voidedEvidence = (await connection.QueryAsync<string>(_database.Command(
            RollupSql.FindVoidedEvidence, new { tenant }, cancellationToken, transaction))).ToList();
        var voidedChartActors = (await connection.QueryAsync<long>(_database.Command(
            ChartRollupSql.FindVoidedActors, new { tenant }, cancellationToken, transaction))).ToList();
        await connection.ExecuteAsync(_database.Command(ProjectionSql.DeleteVoided, new { tenant }, cancellationToken, transaction));
        foreach (var actorId in voidedChartActors)
        {
            foreach (var step in ChartRollupSql.RederiveActor)
            {
                await connection.ExecuteAsync(_database.Command(step, new { tenant, actorId }, cancellationToken, transaction));
            }
        }

        foreach (var (actorId, moduleId) in voidedRows)
        {
            var key = new { tenant, actorId, moduleId };
            await connection.ExecuteAsync(_database.Command(ProjectionSql.DeleteFunnelRows, key, cancellationToken, transaction));
            await connection.ExecuteAsync(_database.Command(ProjectionSql.RebuildFunnelRows, key, cancellationToken, transaction));
        }

        await _funnelDays.ApplyAsync(connection, transaction, funnelChange, cancellationToken);

        foreach (var (actorId, weekDay) in voidedLearnerWeeks)
        {
            var key = new { tenant, actorId, weekDay };
            await connection.ExecuteAsync(_database.Command(RollupSql.DeleteWeekLearnersOfActorWeek, key, cancellationToken, transaction));
            await connection.ExecuteAsync(_database.Command(RollupSql.DeriveWeekLearnersOfActorWeek, key, cancellationToken, transaction));
            weeks.Add(weekDay);
        }

        if (voidedEvidence.Count > 0)
        {
            var evidence = voidedEvidence.Select(evidenceId => new { tenant, evidenceId }).ToList();
            await connection.ExecuteAsync(_database.Command(RollupSql.DeleteSubmissionsWithoutFact, new { tenant }, cancellationToken, transaction));
            foreach (var step in (SqlText[])[RollupSql.UpdateFirstReviewsOfEvidence, ReviewRollupSql.DeleteEvidence, ReviewRollupSql.DeriveEvidence])
            {
                await connection.ExecuteAsync(_database.Command(step, evidence, cancellationToken, transaction));
            }
        }

        await _rollups.RederiveWeeksAsync(connection, transaction, tenant, weeks, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Derives every rollup again from <c>analytics_facts</c> and the current rosters and schools,
    /// for <paramref name="tenant"/> or, when it is null, for every district, in one transaction.
    /// Returns the districts rebuilt. Run it after roster or school changes, which the projector
    /// does not follow for learners it already counted.
    /// </summary>
    public async Task<IReadOnlyList<string>> RebuildAsync(string? tenant, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(_database.Command(ProjectionSql.Lock, new { nowMs, name = ProjectionSql.StreamName }, cancellationToken, transaction));
            var tenants = tenant is not null
                ? [tenant]
                : (await connection.QueryAsync<string>(_database.Command(RollupSql.Tenants, null, cancellationToken, transaction))).ToList();
            foreach (var name in tenants)
            {
                await _rollups.RebuildTenantAsync(connection, transaction, name, cancellationToken);
            }

            await connection.ExecuteAsync(_database.Command(RollupSql.MarkWeeklyBuilt, new { nowMs }, cancellationToken, transaction));
            if (tenant is null)
            {
                await _funnelDays.MarkDerivedAsync(connection, transaction, nowMs, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return tenants;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Returns how many stored statements the projection has not read yet.</summary>
    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_database.Command(ProjectionSql.Pending, new { name = ProjectionSql.StreamName }, cancellationToken));
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private async Task<int> ProjectBatchAsync(int take, CancellationToken cancellationToken)
    {
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(ProjectionSql.Lock, new { nowMs, name = ProjectionSql.StreamName }, cancellationToken, transaction));
        var after = await connection.ExecuteScalarAsync<long>(_database.Command(ProjectionSql.ReadPosition, new { name = ProjectionSql.StreamName }, cancellationToken, transaction));
        var lastSeq = await connection.ExecuteScalarAsync<long>(_database.Command(ProjectionSql.LastSeqOfBatch, new { after, take }, cancellationToken, transaction));
        if (lastSeq == after)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        await _rollups.EnsureWeeklyDerivedAsync(connection, transaction, nowMs, cancellationToken);
        await _funnelDays.EnsureDerivedAsync(connection, transaction, nowMs, cancellationToken);
        var rows = (await connection.QueryAsync<StoredStatementRow>(_database.Command(ProjectionSql.ReadBatch, new { after, lastSeq, take }, cancellationToken, transaction))).ToList();
        var facts = ReadFacts(rows);
        var actorIds = await EnsureActorsAsync(connection, transaction, facts, cancellationToken);

        // Actors seen before whose user is known only now move into their school and role cells
        // in the weeks they were counted in, derived again after the batch's own rows are added.
        // They and the learners of the batch's funnel facts also move in analytics_funnel_days.
        var weeksToRederive = new List<(string Tenant, IReadOnlyList<int> Weeks)>();
        var funnelChanges = new List<FunnelDaysChange>();
        foreach (var tenant in facts.Select(fact => fact.Tenant).Distinct(StringComparer.Ordinal))
        {
            var resolved = await _rollups.ResolveUsersAsync(connection, transaction, tenant, cancellationToken);
            weeksToRederive.Add((tenant, await _rollups.WeeksOfActorsAsync(connection, transaction, tenant, resolved, cancellationToken)));
            var funnelLearners = facts
                .Where(fact => fact.Tenant == tenant && fact.Kind is FactKind.Launched or FactKind.Started or FactKind.Completed && fact.ModuleId is not null)
                .Select(fact => actorIds[(tenant, fact.Actor.Hash)]);
            funnelChanges.Add(await _funnelDays.CaptureAsync(connection, transaction, tenant, resolved.Concat(funnelLearners), cancellationToken));
        }

        await InsertFactsAsync(connection, transaction, facts, actorIds, cancellationToken);
        foreach (var merge in (SqlText[])[ProjectionSql.MergeFunnelBatch, ChartRollupSql.MergeBatchPoints, ChartRollupSql.MergeBatchLevels, ChartRollupSql.MergeBatchCompletions])
        {
            await connection.ExecuteAsync(_database.Command(merge, new { after, lastSeq }, cancellationToken, transaction));
        }

        foreach (var change in funnelChanges)
        {
            await _funnelDays.ApplyAsync(connection, transaction, change, cancellationToken);
        }

        var learnerWeeks = facts
            .Where(fact => fact.Kind is FactKind.Launched or FactKind.Started or FactKind.Completed or FactKind.EvidenceSubmitted)
            .Select(fact => new AnalyticsRollups.LearnerWeek(fact.Tenant, AnalyticsRollups.WeekOf(DayOf(fact.OccurredAtMs)), actorIds[(fact.Tenant, fact.Actor.Hash)], fact.CourseId ?? ""))
            .ToList();
        var reviewedEvidence = facts
            .Where(fact => fact.Kind is FactKind.EvidenceApproved or FactKind.EvidenceReturned && fact.EvidenceId is not null)
            .Select(fact => (fact.Tenant, fact.EvidenceId!))
            .ToList();
        await _rollups.ApplyBatchAsync(connection, transaction, after, lastSeq, learnerWeeks, reviewedEvidence, cancellationToken);
        foreach (var (tenant, weeks) in weeksToRederive)
        {
            await _rollups.RederiveWeeksAsync(connection, transaction, tenant, weeks, cancellationToken);
        }

        await connection.ExecuteAsync(_database.Command(ProjectionSql.SavePosition, new { lastSeq, nowMs, name = ProjectionSql.StreamName }, cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);

        Log.BatchProjected(_logger, after, lastSeq, facts.Count);
        return (int)Math.Min(take, lastSeq - after);
    }

    private List<StatementFact> ReadFacts(List<StoredStatementRow> rows)
    {
        var facts = new List<StatementFact>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                if (StatementFactReader.Read(row.Seq, row.Tenant, row.StatementJson) is { } fact)
                {
                    facts.Add(fact);
                }
            }
            catch (System.Text.Json.JsonException exception)
            {
                // The LRS validated the JSON when it stored it, so this is a damaged row. It is
                // left out of the charts rather than stopping every later statement.
                Log.StatementUnreadable(_logger, row.Seq, row.Tenant, exception);
            }
        }

        return facts;
    }

    private async Task<Dictionary<(string Tenant, string Hash), long>> EnsureActorsAsync(
        DbConnection connection, DbTransaction transaction, List<StatementFact> facts, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<(string, string), long>();
        foreach (var tenantGroup in facts.GroupBy(fact => fact.Tenant, StringComparer.Ordinal))
        {
            var actors = tenantGroup.Select(fact => fact.Actor).DistinctBy(actor => actor.Hash).ToList();
            foreach (var chunk in actors.Chunk(_database.ListItemsPerCommand(HashesPerLookup)))
            {
                var hashes = chunk.Select(actor => actor.Hash).ToArray();
                var known = (await connection.QueryAsync<(long ActorId, string Hash)>(_database.Command(
                    ProjectionSql.FindActors, new { tenant = tenantGroup.Key, hashes }, cancellationToken, transaction))).ToDictionary(row => row.Hash, row => row.ActorId, StringComparer.Ordinal);
                var missing = chunk.Where(actor => !known.ContainsKey(actor.Hash)).ToList();
                if (missing.Count > 0)
                {
                    await connection.ExecuteAsync(_database.Command(
                        ProjectionSql.InsertActor,
                        missing.Select(actor => new { Tenant = tenantGroup.Key, actor.Hash, actor.HomePage, actor.AccountName }).ToList(),
                        cancellationToken,
                        transaction));
                    var added = await connection.QueryAsync<(long ActorId, string Hash)>(_database.Command(
                        ProjectionSql.FindActors, new { tenant = tenantGroup.Key, hashes = missing.Select(actor => actor.Hash).ToArray() }, cancellationToken, transaction));
                    foreach (var row in added)
                    {
                        known[row.Hash] = row.ActorId;
                    }
                }

                foreach (var (hash, actorId) in known)
                {
                    ids[(tenantGroup.Key, hash)] = actorId;
                }
            }
        }

        return ids;
    }

    private async Task InsertFactsAsync(
        DbConnection connection, DbTransaction transaction, List<StatementFact> facts, Dictionary<(string, string), long> actorIds, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite finds each parameter by a linear search of the statement's names,
        // so a statement of 1,650 parameters binds in quadratic time. On SQLite one single-row
        // statement, prepared once and run for each fact, is faster (docs/benchmarks.md).
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            var rows = facts.Select(fact => new
            {
                fact.Seq, fact.Tenant, Kind = (int)fact.Kind, fact.OccurredAtMs, Day = DayOf(fact.OccurredAtMs),
                ActorId = actorIds[(fact.Tenant, fact.Actor.Hash)], fact.CourseId, fact.ModuleId, fact.ModuleName, fact.EvidenceId, fact.Amount,
            }).ToList();
            await connection.ExecuteAsync(_database.Command(SqlText.Portable(ProjectionSql.InsertFactPrefix + ProjectionSql.FactRow), rows, cancellationToken, transaction));
            return;
        }

        foreach (var chunk in facts.Chunk(RowsPerInsert))
        {
            var sql = new StringBuilder(ProjectionSql.InsertFactPrefix);
            var parameters = new DynamicParameters();
            for (var index = 0; index < chunk.Length; index++)
            {
                var fact = chunk[index];
                var p = index.ToString(CultureInfo.InvariantCulture);
                sql.Append(index == 0 ? "(" : ", (");
                sql.Append(CultureInfo.InvariantCulture, $"@s{p}, @t{p}, @k{p}, @o{p}, @d{p}, @a{p}, @c{p}, @m{p}, @n{p}, @e{p}, @x{p})");
                parameters.Add("s" + p, fact.Seq);
                parameters.Add("t" + p, fact.Tenant);
                parameters.Add("k" + p, (int)fact.Kind);
                parameters.Add("o" + p, fact.OccurredAtMs);
                parameters.Add("d" + p, DayOf(fact.OccurredAtMs));
                parameters.Add("a" + p, actorIds[(fact.Tenant, fact.Actor.Hash)]);
                parameters.Add("c" + p, fact.CourseId);
                parameters.Add("m" + p, fact.ModuleId);
                parameters.Add("n" + p, fact.ModuleName);
                parameters.Add("e" + p, fact.EvidenceId);
                parameters.Add("x" + p, fact.Amount);
            }

            await connection.ExecuteAsync(_database.Command(SqlText.Portable(sql.ToString()), parameters, cancellationToken, transaction));
        }
    }

    private static int DayOf(long occurredAtMs) => (int)Math.Floor(occurredAtMs / (double)MillisecondsPerDay);

    private sealed class StoredStatementRow
    {
        public long Seq { get; init; }

        public string Tenant { get; init; } = "";

        public string StatementJson { get; init; } = "";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1750, EventName = "AnalyticsBatchProjected", Level = LogLevel.Debug,
            Message = "Analytics projection read statements after seq {AfterSeq} up to {LastSeq} and stored {FactCount} facts")]
        public static partial void BatchProjected(ILogger logger, long afterSeq, long lastSeq, int factCount);

        [LoggerMessage(EventId = 1751, EventName = "AnalyticsStatementUnreadable", Level = LogLevel.Warning,
            Message = "Analytics projection skipped statement seq {Seq} of tenant {Tenant}: its stored JSON does not parse")]
        public static partial void StatementUnreadable(ILogger logger, long seq, string tenant, Exception exception);
    }
}
