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
/// Keeps the per-person status rows of a district's pathways up to date. <see cref="ComplianceBuildWorker"/>
/// builds a pathway in full after it is created or edited, and again when the catalog modules it
/// finds or its cycle change. After that, only the people that database triggers marked in
/// <c>pd_compliance_dirty</c> are evaluated again, for every built pathway of the district: a read
/// does it for a few people, the worker for many.
/// </summary>
/// <remarks>
/// NOTE: a read never builds. <see cref="ComplianceReadPlanner"/> decides what a read that finds
/// the rows not current shows: in a district of up to <see cref="ComplianceOptions.MaxEvaluatedPeople"/>
/// people it evaluates in memory, else it shows the stored rows with how current they are. On
/// SQLite a build holds the database's write lock while it writes the rows, most of its 2-3 s at
/// 10,000 teachers (page-load, loaded 2-core machine), and launches and other writers wait meanwhile.
/// </remarks>
internal sealed partial class ComplianceStatusStore
{
    /// <summary>
    /// The most marked people a build evaluates one by one. Above it (a roster sync, an import) the
    /// pathway is rebuilt in full and the district's other builds are dropped until the worker
    /// rebuilds them.
    /// </summary>
    public const int MaxIncrementalPeople = 500;

    /// <summary>
    /// The most marked people a read of a small district evaluates one by one before it reads the
    /// rows. With more, the read evaluates the district in memory and leaves the marked people to
    /// the worker. A read of a larger district never evaluates them.
    /// </summary>
    public const int MaxInlinePeople = 100;

    // The version of what a status row stores, part of every build key, so that a change of it
    // makes the worker rebuild the rows stored before. 2: the whole pathway's row has its completion time.
    private const int RowsVersion = 2;

    private readonly Database _database;
    private readonly PathwayStore _store;
    private readonly ComplianceService _compliance;
    private readonly ModuleCatalog _catalog;
    private readonly ComplianceBuildQueue _queue;
    private readonly ComplianceDistrictLock _lock;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ComplianceStatusStore> _logger;

    public ComplianceStatusStore(
        Database database,
        PathwayStore store,
        ComplianceService compliance,
        ModuleCatalog catalog,
        ComplianceBuildQueue queue,
        TimeProvider timeProvider,
        ILogger<ComplianceStatusStore> logger)
    {
        _database = database;
        _store = store;
        _compliance = compliance;
        _catalog = catalog;
        _queue = queue;
        _lock = new ComplianceDistrictLock(database);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Reads, without a lock, whether <paramref name="pathway"/> has stored rows, whether they were
    /// built from its current definition, when they were last brought up to date, and how many
    /// people of the district are marked.
    /// </summary>
    public async Task<ComplianceRowsState> ReadStateAsync(string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        var scope = new { DistrictId = districtId, PathwayId = pathway.Id };
        await using var connection = await _database.OpenAsync(cancellationToken);
        var build = await connection.QuerySingleOrDefaultAsync<BuildStateRow>(_database.Command(ComplianceStatusSql.SelectBuildState, scope, cancellationToken));
        if (build is null)
        {
            return new ComplianceRowsState(Built: false, CurrentDefinition: false, null, 0);
        }

        var marked = await connection.ExecuteScalarAsync<long>(_database.Command(ComplianceStatusSql.CountDirty, scope, cancellationToken));
        return new ComplianceRowsState(Built: true, build.BuildKey == BuildKey(pathway), DateTimeOffset.FromUnixTimeMilliseconds(build.BuiltAtMs), marked);
    }

    /// <summary>Counts the active course roster entries and the users of the district, an upper bound of the people an evaluation loads.</summary>
    public async Task<long> CountPeopleAsync(string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_database.Command(ComplianceStatusSql.CountPeople, new { DistrictId = districtId }, cancellationToken));
    }

    /// <summary>
    /// Brings the status rows of <paramref name="pathway"/> up to date when that takes a few
    /// evaluations and no wait for another refresh. Returns false when the rows stay out of date:
    /// the caller must then call <see cref="EvaluateAsync"/>, which requests the build.
    /// </summary>
    public async Task<bool> TryRefreshAsync(string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        var key = BuildKey(pathway);
        var scope = new { DistrictId = districtId, PathwayId = pathway.Id };
        await using var connection = await _database.OpenAsync(cancellationToken);

        // Most reads find nothing to do, and this check takes no lock.
        var builtKey = await connection.ExecuteScalarAsync<string?>(_database.Command(ComplianceStatusSql.SelectBuildKey, scope, cancellationToken));
        var marked = builtKey == key ? await connection.ExecuteScalarAsync<long>(_database.Command(ComplianceStatusSql.CountDirty, scope, cancellationToken)) : 0;
        if (builtKey == key && marked == 0)
        {
            return true;
        }

        if (builtKey == key && marked <= MaxInlinePeople)
        {
            await using var lease = await _lock.AcquireAsync(connection, districtId, wait: false, cancellationToken);
            var plan = lease is null ? null : await PlanAsync(connection, lease.Transaction, districtId, pathway, key, mayRebuild: false, cancellationToken);
            if (lease is not null && plan is not null)
            {
                lease.Transaction ??= await connection.BeginTransactionAsync(cancellationToken);
                await WriteAsync(connection, lease.Transaction, districtId, plan, cancellationToken);
                await lease.Transaction.CommitAsync(cancellationToken);
                if (plan.Dropped.Count > 0)
                {
                    _queue.Request(districtId);
                }

                return true;
            }
        }

        Log.ReadNotCurrent(_logger, pathway.Id, districtId, builtKey is null ? "not built" : builtKey != key ? "built from an older definition" : "being refreshed or with many marked people");
        return false;
    }

    /// <summary>
    /// Builds the status rows of <paramref name="pathway"/> in full when its key changed or more
    /// than <see cref="MaxIncrementalPeople"/> people are marked, else evaluates the marked people
    /// again on every built pathway of the district. Waits for the district's lock.
    /// </summary>
    public async Task BuildAsync(string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        var key = BuildKey(pathway);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var lease = await _lock.AcquireAsync(connection, districtId, wait: true, cancellationToken)
            ?? throw new InvalidOperationException($"The compliance lock of district '{districtId}' was not granted (a SQL Server deadlock or cancellation); the build is retried.");
        var plan = (await PlanAsync(connection, lease.Transaction, districtId, pathway, key, mayRebuild: true, cancellationToken))!;
        lease.Transaction ??= await connection.BeginTransactionAsync(cancellationToken);
        await WriteAsync(connection, lease.Transaction, districtId, plan, cancellationToken);
        await lease.Transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Returns the pathways of the district whose rows a build must bring up to date: those not
    /// built, or built under another key, or else one built pathway when people are marked (its
    /// build evaluates them again on every built pathway).
    /// </summary>
    public async Task<IReadOnlyList<Pathway>> ListDueAsync(string districtId, CancellationToken cancellationToken)
    {
        var scope = new { DistrictId = districtId };
        await using var connection = await _database.OpenAsync(cancellationToken);
        var builds = (await connection.QueryAsync<BuildRow>(_database.Command(ComplianceStatusSql.SelectBuilds, scope, cancellationToken)))
            .ToDictionary(build => build.PathwayId, build => build.BuildKey, StringComparer.Ordinal);
        var pathways = await _store.ListAsync(districtId, includeArchived: true, cancellationToken);
        var due = pathways.Where(pathway => builds.GetValueOrDefault(pathway.Id) != BuildKey(pathway)).ToList();
        if (due.Count == 0 && pathways.Count > 0
            && await connection.ExecuteScalarAsync<long>(_database.Command(ComplianceStatusSql.CountDirty, scope, cancellationToken)) > 0)
        {
            due.Add(pathways[0]);
        }

        return due;
    }

    /// <summary>
    /// Evaluates <paramref name="pathway"/> in memory into the rows a build would write, for a read
    /// that finds the stored rows not current, then requests a build from the worker. The request
    /// comes after the evaluation, so the build does not compete with this read for the CPU.
    /// </summary>
    public async Task<IReadOnlyList<ComplianceStatusRow>> EvaluateAsync(string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        var data = await _compliance.LoadAsync(districtId, pathway, cancellationToken);
        var rows = _compliance.Evaluate(data, pathway).SelectMany(evaluation => ComplianceStatusRow.For(pathway.Id, evaluation)).ToList();
        _queue.Request(districtId);
        return rows;
    }

    /// <summary>
    /// Works out, without writing, what the refresh changes: builds to drop, the pathway to
    /// rebuild with its rows, and the marked people's new rows on the other built pathways.
    /// Returns null for a read (<paramref name="mayRebuild"/> false) when, read under the lock, the
    /// pathway needs a rebuild or more than <see cref="MaxInlinePeople"/> people are marked.
    /// </summary>
    private async Task<RefreshPlan?> PlanAsync(
        DbConnection connection, DbTransaction? transaction, string districtId, Pathway pathway, string key, bool mayRebuild, CancellationToken cancellationToken)
    {
        var scope = new { DistrictId = districtId };
        var builds = (await connection.QueryAsync<BuildRow>(_database.Command(ComplianceStatusSql.SelectBuilds, scope, cancellationToken, transaction)))
            .ToDictionary(build => build.PathwayId, build => build.BuildKey, StringComparer.Ordinal);
        var dirty = (await connection.QueryAsync<DirtyRow>(_database.Command(ComplianceStatusSql.SelectDirty, scope, cancellationToken, transaction))).AsList();
        var pathways = (await _store.ListAsync(districtId, includeArchived: true, cancellationToken)).ToDictionary(item => item.Id, StringComparer.Ordinal);
        pathways[pathway.Id] = pathway;

        var rebuild = builds.GetValueOrDefault(pathway.Id) != key || dirty.Count > MaxIncrementalPeople;
        if (!mayRebuild && (rebuild || dirty.Count > MaxInlinePeople))
        {
            return null;
        }

        var plan = new RefreshPlan(dirty);
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
                // Rebuilt by the worker; until then it has no rows to keep up to date.
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
            await connection.ExecuteAsync(_database.Command(ComplianceStatusSql.UpdateBuiltAt, new
            {
                PathwayId = other.Id, BuiltAtMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            }, cancellationToken, transaction));
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
        text.Append(CultureInfo.InvariantCulture, $"rows={RowsVersion};cycle={PathwayCycle.For(pathway, _timeProvider.GetUtcNow()).StartMs};electives={pathway.ElectivesRequired}");
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

    // A class with setters: Dapper converts the 64-bit integer, whose type differs between providers.
    private sealed class BuildStateRow
    {
        public string BuildKey { get; init; } = string.Empty;

        public long BuiltAtMs { get; init; }
    }

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
            Message = "Dropped the compliance status of pathway {PathwayId} in district {DistrictId}; the background worker rebuilds it")]
        public static partial void BuildDropped(ILogger logger, string pathwayId, string districtId);

        [LoggerMessage(EventId = 1883, EventName = "ComplianceStatusNotCurrent", Level = LogLevel.Debug,
            Message = "Compliance of pathway {PathwayId} in district {DistrictId} was evaluated in memory for a read because its status rows are {Reason}")]
        public static partial void ReadNotCurrent(ILogger logger, string pathwayId, string districtId, string reason);
    }
}
