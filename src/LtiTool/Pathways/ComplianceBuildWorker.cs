using System.Diagnostics;
using Dapper;
using LtiPd.Storage;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Builds the compliance status rows of pathways ahead of the reads: at start-up (which finds
/// pathways whose catalog modules changed), every <see cref="ComplianceOptions.BuildScanIntervalSeconds"/>
/// (which finds new cycles, edits made on other nodes and many marked people), and at once when
/// a pathway is saved or a read finds its rows not current. Between scans, every
/// <see cref="ComplianceOptions.MarkedRefreshSeconds"/>, it evaluates the marked people of each
/// district again, so reads rarely find changes not applied. Due work is found from the database
/// on every pass, so nothing is lost in a restart. Every node may run it: builds of one district
/// take turns through the district lock, and a build re-reads under the lock what it must do.
/// </summary>
internal sealed partial class ComplianceBuildWorker : BackgroundService
{
    private readonly Database _database;
    private readonly ComplianceStatusStore _status;
    private readonly ComplianceBuildQueue _queue;
    private readonly IOptionsMonitor<ComplianceOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ComplianceBuildWorker> _logger;

    // Failed builds by district and pathway: how often in a row, and when the next try is due.
    // Kept in memory only: after a restart a failed build is simply due again.
    private readonly Dictionary<(string DistrictId, string PathwayId), (int Failures, DateTimeOffset RetryAt)> _failures = [];

    public ComplianceBuildWorker(
        Database database,
        ComplianceStatusStore status,
        ComplianceBuildQueue queue,
        IOptionsMonitor<ComplianceOptions> options,
        TimeProvider timeProvider,
        ILogger<ComplianceBuildWorker> logger)
    {
        _database = database;
        _status = status;
        _queue = queue;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.CurrentValue.BackgroundBuilds)
        {
            Log.Disabled(_logger);
            return;
        }

        Log.Started(_logger, _options.CurrentValue.BuildScanIntervalSeconds, _options.CurrentValue.MarkedRefreshSeconds);
        try
        {
            IReadOnlySet<string> requested = new HashSet<string>();
            var lastScan = DateTimeOffset.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                // A wait that ended with no request is a scan of every district when one is due,
                // else a pass over the districts with marked people.
                var wait = TimeSpan.FromSeconds(_options.CurrentValue.BuildRetrySeconds);
                try
                {
                    var now = _timeProvider.GetUtcNow();
                    if (requested.Count > 0)
                    {
                        await RunOnceAsync(requested, stoppingToken);
                    }
                    else if (now - lastScan >= TimeSpan.FromSeconds(_options.CurrentValue.BuildScanIntervalSeconds))
                    {
                        lastScan = now;
                        await RunOnceAsync(null, stoppingToken);
                    }
                    else
                    {
                        await RunOnceAsync(await ListMarkedDistrictsAsync(stoppingToken), stoppingToken);
                    }

                    wait = NextWait(lastScan);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.ScanFailed(_logger, (long)wait.TotalSeconds, exception);
                }

                requested = await _queue.WaitAsync(wait, _timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown. A build cut short rolled back whole, and the next start finds it due again.
        }

        Log.Stopped(_logger);
    }

    /// <summary>
    /// Builds every due pathway of <paramref name="districtIds"/>, or of every district when it
    /// is null, except those waiting to retry after a failure. Returns the builds that succeeded.
    /// </summary>
    public async Task<int> RunOnceAsync(IReadOnlySet<string>? districtIds, CancellationToken cancellationToken)
    {
        var built = 0;
        foreach (var districtId in districtIds ?? await ListDistrictsAsync(cancellationToken))
        {
            // A build can drop other builds of the district, which then become due, so the list is
            // read again after each build. Each pathway is tried once per pass.
            var tried = new HashSet<string>(StringComparer.Ordinal);
            while ((await _status.ListDueAsync(districtId, cancellationToken)).FirstOrDefault(pathway => !tried.Contains(pathway.Id) && !IsWaiting(districtId, pathway.Id)) is { } pathway)
            {
                tried.Add(pathway.Id);
                if (await TryBuildAsync(districtId, pathway, cancellationToken))
                {
                    built++;
                }
            }
        }

        return built;
    }

    private async Task<bool> TryBuildAsync(string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await _status.BuildAsync(districtId, pathway, cancellationToken);
            _failures.Remove((districtId, pathway.Id));
            Log.Built(_logger, pathway.Id, districtId, (long)clock.Elapsed.TotalMilliseconds);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The build's transaction rolled back, so no half-written rows remain; reads keep
            // evaluating in memory until a retry succeeds.
            var failures = _failures.GetValueOrDefault((districtId, pathway.Id)).Failures + 1;
            var options = _options.CurrentValue;
            var delay = TimeSpan.FromSeconds(Math.Min(options.MaxBuildRetrySeconds, options.BuildRetrySeconds * Math.Pow(2, Math.Min(failures - 1, 20))));
            _failures[(districtId, pathway.Id)] = (failures, _timeProvider.GetUtcNow() + delay);
            Log.BuildFailed(_logger, pathway.Id, districtId, failures, (long)delay.TotalSeconds, exception);
            return false;
        }
    }

    private bool IsWaiting(string districtId, string pathwayId) =>
        _failures.TryGetValue((districtId, pathwayId), out var failure) && failure.RetryAt > _timeProvider.GetUtcNow();

    // Until the next pass over marked people, the next scan or the next retry of a failed build,
    // whichever comes first.
    private TimeSpan NextWait(DateTimeOffset lastScan)
    {
        var options = _options.CurrentValue;
        var now = _timeProvider.GetUtcNow();
        var wait = TimeSpan.FromSeconds(options.MarkedRefreshSeconds);
        var untilScan = lastScan + TimeSpan.FromSeconds(options.BuildScanIntervalSeconds) - now;
        wait = untilScan < wait ? untilScan : wait;
        foreach (var (_, retryAt) in _failures.Values)
        {
            wait = retryAt - now < wait ? retryAt - now : wait;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private Task<IReadOnlySet<string>> ListDistrictsAsync(CancellationToken cancellationToken) =>
        QueryDistrictsAsync(ComplianceStatusSql.SelectDistricts, cancellationToken);

    private Task<IReadOnlySet<string>> ListMarkedDistrictsAsync(CancellationToken cancellationToken) =>
        QueryDistrictsAsync(ComplianceStatusSql.SelectMarkedDistricts, cancellationToken);

    private async Task<IReadOnlySet<string>> QueryDistrictsAsync(SqlText sql, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(_database.Command(sql, null, cancellationToken))).ToHashSet(StringComparer.Ordinal);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1884, EventName = "ComplianceBuildsStarted", Level = LogLevel.Information,
            Message = "Compliance status builds run in the background, scanning every district every {IntervalSeconds} s and applying marked people's changes every {MarkedSeconds} s")]
        public static partial void Started(ILogger logger, int intervalSeconds, int markedSeconds);

        [LoggerMessage(EventId = 1885, EventName = "ComplianceBuildsStopped", Level = LogLevel.Information,
            Message = "Compliance status builds stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 1886, EventName = "ComplianceBuildsDisabled", Level = LogLevel.Information,
            Message = "Compliance status builds are off on this node (Compliance:BackgroundBuilds is false); until another node builds, reads of districts above Compliance:MaxEvaluatedPeople show older rows or \"being computed\"")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(EventId = 1887, EventName = "ComplianceStatusBuilt", Level = LogLevel.Information,
            Message = "Brought the compliance status of pathway {PathwayId} in district {DistrictId} up to date in {ElapsedMs} ms")]
        public static partial void Built(ILogger logger, string pathwayId, string districtId, long elapsedMs);

        [LoggerMessage(EventId = 1888, EventName = "ComplianceBuildFailed", Level = LogLevel.Error,
            Message = "Building the compliance status of pathway {PathwayId} in district {DistrictId} failed ({Failures} in a row); retrying in {RetrySeconds} s")]
        public static partial void BuildFailed(ILogger logger, string pathwayId, string districtId, int failures, long retrySeconds, Exception exception);

        [LoggerMessage(EventId = 1889, EventName = "ComplianceBuildScanFailed", Level = LogLevel.Error,
            Message = "Looking for due compliance status builds failed; trying again in {RetrySeconds} s")]
        public static partial void ScanFailed(ILogger logger, long retrySeconds, Exception exception);
    }
}
