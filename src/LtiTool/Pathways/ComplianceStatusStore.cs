using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Keeps the per-person status rows of a district's pathways up to date before compliance reads
/// them. A pathway is built in full the first time it is read, and again when its definition,
/// the catalog modules it finds or its cycle change. After that, only the people that database
/// triggers marked in <c>pd_compliance_dirty</c> are evaluated again, for every built pathway of
/// the district, so a read after a few completions costs a few evaluations.
/// </summary>
/// <remarks>
/// NOTE: a rebuild runs inside the read that finds it due, so that leader waits for it: 2.1 s at
/// 10,000 teachers and 9.3 s at 50,000 on an idle 2-core machine (77 s at 50,000 when loaded). On
/// SQLite it also holds the database's write lock while it writes the rows.
/// </remarks>
internal sealed partial class ComplianceStatusStore
{
    /// <summary>
    /// The most marked people evaluated one by one. Above it (a roster sync, an import) the read
    /// pathway is rebuilt in full and the district's other builds are dropped until they are read.
    /// </summary>
    public const int MaxIncrementalPeople = 500;

    private readonly Database _database;
    private readonly PathwayStore _store;
    private readonly ComplianceService _compliance;
    private readonly ModuleCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ComplianceStatusStore> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public ComplianceStatusStore(Database database, PathwayStore store, ComplianceService compliance, ModuleCatalog catalog, TimeProvider timeProvider, ILogger<ComplianceStatusStore> logger)
    {
        _database = database;
        _store = store;
        _compliance = compliance;
        _catalog = catalog;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Brings the status rows of <paramref name="pathway"/> up to date.</summary>
    public async Task RefreshAsync(string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        var key = BuildKey(pathway);
        var scope = new { DistrictId = districtId, PathwayId = pathway.Id, LockName = "ltipd-compliance-" + districtId };
        await using var connection = await _database.OpenAsync(cancellationToken);

        // Most reads find nothing to do, and this check takes no lock.
        if (await IsFreshAsync(connection, scope, key, cancellationToken))
        {
            return;
        }

        // Refreshes of one district take turns, so one never writes rows evaluated before another's.
        // Across nodes, PostgreSQL and SQL Server hold an advisory lock in a transaction that
        // writes only at its end. SQLite runs on one node, and its transaction starts only when
        // the rows are ready, because its write lock stops every writer of the database.
        var gate = _gates.GetOrAdd(districtId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        DbTransaction? transaction = null;
        try
        {
            if (_database.Provider != DatabaseProvider.Sqlite)
            {
                transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(_database.Command(ComplianceStatusSql.LockDistrict, scope, cancellationToken, transaction));
            }

            var plan = await PlanAsync(connection, transaction, districtId, pathway, key, cancellationToken);
            transaction ??= await connection.BeginTransactionAsync(cancellationToken);
            await WriteAsync(connection, transaction, districtId, plan, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            gate.Release();
        }
    }

    private async Task<bool> IsFreshAsync(DbConnection connection, object scope, string key, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string?>(_database.Command(ComplianceStatusSql.SelectBuildKey, scope, cancellationToken)) == key
        && await connection.ExecuteScalarAsync<long>(_database.Command(ComplianceStatusSql.CountDirty, scope, cancellationToken)) == 0;

    /// <summary>
    /// Works out, without writing, what the refresh changes: builds to drop, the pathway to
    /// rebuild with its rows, and the marked people's new rows on the other built pathways.
    /// </summary>
    private async Task<RefreshPlan> PlanAsync(
        DbConnection connection, DbTransaction? transaction, string districtId, Pathway pathway, string key, CancellationToken cancellationToken)
    {
        var scope = new { DistrictId = districtId };
        var builds = (await connection.QueryAsync<BuildRow>(_database.Command(ComplianceStatusSql.SelectBuilds, scope, cancellationToken, transaction)))
            .ToDictionary(build => build.PathwayId, build => build.BuildKey, StringComparer.Ordinal);
        var dirty = (await connection.QueryAsync<DirtyRow>(_database.Command(ComplianceStatusSql.SelectDirty, scope, cancellationToken, transaction))).AsList();
        var pathways = (await _store.ListAsync(districtId, includeArchived: true, cancellationToken)).ToDictionary(item => item.Id, StringComparer.Ordinal);
        pathways[pathway.Id] = pathway;

        var plan = new RefreshPlan(dirty);
        var rebuild = builds.GetValueOrDefault(pathway.Id) != key || dirty.Count > MaxIncrementalPeople;
        foreach (var (pathwayId, buildKey) in builds)
        {
            if (pathwayId == pathway.Id)
            {
                if (!rebuild && dirty.Count > 0)
                {
                    plan.Incremental.Add(pathway);
                }
            }
            else if (dirty.Count > 0 && dirty.Count <= MaxIncrementalPeople && pathways.TryGetValue(pathwayId, out var other) && buildKey == BuildKey(other))
            {
                plan.Incremental.Add(other);
            }
            else if (dirty.Count > 0 || !pathways.ContainsKey(pathwayId))
            {
                // Rebuilt the next time it is read; until then it has no rows to keep up to date.
                plan.Dropped.Add(pathwayId);
            }
        }

        if (rebuild)
        {
            var clock = Stopwatch.StartNew();
            var data = await _compliance.LoadAsync(connection, transaction, districtId, pathway, null, cancellationToken);
            var evaluations = _compliance.Evaluate(data, pathway).ToList();
            plan.Rebuild = (pathway, key, evaluations.SelectMany(evaluation => ComplianceStatusRow.For(pathway.Id, evaluation)).ToList());
            Log.PathwayEvaluated(_logger, pathway.Id, districtId, evaluations.Count, (long)clock.Elapsed.TotalMilliseconds);
        }

        var people = dirty.Select(row => new CompliancePersonKey(row.RegistrationId, row.Subject)).ToHashSet();
        foreach (var other in plan.Incremental)
        {
            var data = await _compliance.LoadAsync(connection, transaction, districtId, other, people, cancellationToken);
            plan.Recomputed.Add((other, _compliance.Evaluate(data, other).SelectMany(evaluation => ComplianceStatusRow.For(other.Id, evaluation)).ToList()));
        }

        return plan;
    }

    // A person marked but no longer assigned, or gone from the roster, keeps no rows. The marks
    // are deleted at the versions read, so a change made since then is read again next time.
    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, string districtId, RefreshPlan plan, CancellationToken cancellationToken)
    {
        foreach (var pathwayId in plan.Dropped)
        {
            await DeletePathwayAsync(connection, transaction, pathwayId, cancellationToken);
            Log.BuildDropped(_logger, pathwayId, districtId);
        }

        if (plan.Rebuild is var (pathway, key, allRows))
        {
            await DeletePathwayAsync(connection, transaction, pathway.Id, cancellationToken);
            await ComplianceStatusWriter.InsertAsync(connection, transaction, _database.Provider == DatabaseProvider.Sqlite, allRows, cancellationToken);
            await connection.ExecuteAsync(_database.Command(ComplianceStatusSql.InsertBuild, new
            {
                PathwayId = pathway.Id, DistrictId = districtId, BuildKey = key, BuiltAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            }, cancellationToken, transaction));
        }

        foreach (var (other, rows) in plan.Recomputed)
        {
            foreach (var statement in ComplianceStatusSql.DeletePerson)
            {
                await connection.ExecuteAsync(_database.Command(statement, plan.Dirty.Select(row => new { PathwayId = other.Id, row.RegistrationId, row.Subject }), cancellationToken, transaction));
            }

            await ComplianceStatusWriter.InsertAsync(connection, transaction, _database.Provider == DatabaseProvider.Sqlite, rows, cancellationToken);
        }

        if (plan.Recomputed.Count > 0)
        {
            Log.PeopleRecomputed(_logger, plan.Dirty.Count, plan.Recomputed.Count, districtId);
        }

        await connection.ExecuteAsync(_database.Command(ComplianceStatusSql.DeleteDirty, plan.Dirty, cancellationToken, transaction));
    }

    private async Task DeletePathwayAsync(DbConnection connection, DbTransaction transaction, string pathwayId, CancellationToken cancellationToken)
    {
        foreach (var statement in ComplianceStatusSql.DeletePathway)
        {
            await connection.ExecuteAsync(_database.Command(statement, new { PathwayId = pathwayId }, cancellationToken, transaction));
        }
    }

    /// <summary>
    /// Returns a hash of everything besides the people that the rows of <paramref name="pathway"/>
    /// depend on: its modules, due days, electives and assignments, which of its modules the
    /// catalog has, and the start of its current cycle.
    /// </summary>
    private string BuildKey(Pathway pathway)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cycle={PathwayCycle.For(pathway, _timeProvider.GetUtcNow()).StartMs};electives={pathway.ElectivesRequired}");
        foreach (var module in pathway.Modules.OrderBy(module => module.Position))
        {
            text.Append(CultureInfo.InvariantCulture, $";module={module.ModuleId}|{module.Position}|{module.IsRequired}|{module.DueOn:yyyy-MM-dd}|{_catalog.Find(module.ModuleId) is not null}");
        }

        foreach (var assignment in pathway.Assignments)
        {
            text.Append(CultureInfo.InvariantCulture, $";assign={assignment.Kind}|{assignment.RegistrationId}|{assignment.Value}");
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private sealed record BuildRow(string PathwayId, string BuildKey);

    private sealed class RefreshPlan(List<DirtyRow> dirty)
    {
        public List<DirtyRow> Dirty { get; } = dirty;

        public List<string> Dropped { get; } = [];

        public (Pathway Pathway, string Key, List<ComplianceStatusRow> Rows)? Rebuild { get; set; }

        public List<Pathway> Incremental { get; } = [];

        public List<(Pathway Pathway, List<ComplianceStatusRow> Rows)> Recomputed { get; } = [];
    }

    private sealed record DirtyRow(string RegistrationId, string Subject, long Version);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1880, EventName = "ComplianceStatusEvaluated", Level = LogLevel.Information,
            Message = "Evaluated pathway {PathwayId} of district {DistrictId} to rebuild its compliance status: {People} assigned people in {ElapsedMs} ms")]
        public static partial void PathwayEvaluated(ILogger logger, string pathwayId, string districtId, int people, long elapsedMs);

        [LoggerMessage(EventId = 1881, EventName = "ComplianceStatusRecomputed", Level = LogLevel.Debug,
            Message = "Recomputed the compliance status of {People} changed people on {Pathways} pathways of district {DistrictId}")]
        public static partial void PeopleRecomputed(ILogger logger, int people, int pathways, string districtId);

        [LoggerMessage(EventId = 1882, EventName = "ComplianceStatusDropped", Level = LogLevel.Debug,
            Message = "Dropped the compliance status of pathway {PathwayId} in district {DistrictId}; it is rebuilt when next read")]
        public static partial void BuildDropped(ILogger logger, string pathwayId, string districtId);
    }
}
