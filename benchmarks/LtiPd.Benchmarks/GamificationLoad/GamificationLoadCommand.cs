using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using LtiPd.Gamification;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Statements;
using LtiPd.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LtiPd.Benchmarks.GamificationLoad;

/// <summary>
/// <c>gamification-load</c>: two measurements of the gamification engine on a fresh SQLite file.
/// First, statements/s the engine processes end to end (read, parse, rules, ledger, standings,
/// levels, badges, outbox) from a statement table, next to the raw rate of reading and parsing
/// the same rows from that table, as a ratio. Second, the latency of a district board (top 10
/// plus the viewer and 3 neighbours either side) for a district of <c>--teachers</c> teachers.
/// </summary>
internal static class GamificationLoadCommand
{
    private const string Tenant = "bench-district";

    public static Task<int> RunAsync(string[] args)
    {
        var statements = CommandOptions.Positive("--statements", "Statements processed by the engine in the throughput phase", 20_000);
        var teachers = CommandOptions.Positive("--teachers", "Teachers in the district of the leaderboard phase", 100_000);
        var queries = CommandOptions.Positive("--queries", "Timed leaderboard reads (200 more run untimed first)", 2_000);
        var batchSize = CommandOptions.Positive("--batch-size", "Statements the engine reads per batch", 100);
        var command = new RootCommand("Gamification engine throughput against raw reads, and district leaderboard latency")
        {
            statements, teachers, queries, batchSize,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var folder = Path.Combine(Path.GetTempPath(), "ltipd-gamification-load-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
                await RunThroughputAsync(folder, parseResult.GetValue(statements), parseResult.GetValue(batchSize), cancellationToken);
                await RunLeaderboardAsync(folder, parseResult.GetValue(teachers), parseResult.GetValue(queries), cancellationToken);
                return 0;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        return command.Parse(args).InvokeAsync();
    }

    private static async Task<Database> CreateDatabaseAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, name)};Pooling=True");
        var migrator = new DatabaseMigrator(database, [new MigrationSource(typeof(GamificationEngine).Assembly)], NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync(cancellationToken);
        return database;
    }

    private static async Task RunThroughputAsync(string folder, int count, int batchSize, CancellationToken cancellationToken)
    {
        await using var database = await CreateDatabaseAsync(folder, "engine.db", cancellationToken);
        await BenchStatements.CreateAsync(database, Tenant, count, cancellationToken);
        var source = new TableStatementSource(database);

        // Raw: read and parse every row in the engine's batch size, nothing else.
        var rawCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var raw = Stopwatch.StartNew();
        var parsed = 0;
        string? watermark = null;
        StatementBatch batch;
        do
        {
            batch = await source.ReadAfterAsync(watermark, batchSize, cancellationToken);
            parsed += batch.Statements.Count;
            watermark = batch.Watermark;
        }
        while (batch.HasMore);
        raw.Stop();
        rawCpu = Process.GetCurrentProcess().TotalProcessorTime - rawCpu;

        // The engine as AddGamification builds it, with its WAL checkpointer on SQLite.
        await using var checkpoint = new EngineWalCheckpoint(database, NullLogger<EngineWalCheckpoint>.Instance);
        var engine = new GamificationEngine(
            database, TimeProvider.System, Options.Create(new GamificationOptions { BatchSize = batchSize }), NullLogger<GamificationEngine>.Instance, checkpoint);
        var engineCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var run = Stopwatch.StartNew();
        var processed = 0;
        do
        {
            batch = await engine.RunOnceAsync(source, cancellationToken);
            processed += batch.Statements.Count;
        }
        while (batch.HasMore);
        run.Stop();
        engineCpu = Process.GetCurrentProcess().TotalProcessorTime - engineCpu;

        await using var connection = await database.OpenAsync(cancellationToken);
        var ledgerRows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM gamification_ledger");
        var rawRate = parsed / raw.Elapsed.TotalSeconds;
        var engineRate = processed / run.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Throughput (SQLite, batch {batchSize}): raw read+parse {parsed} statements in {raw.Elapsed.TotalSeconds:F2} s = {rawRate:F0}/s; " +
            $"engine {processed} statements in {run.Elapsed.TotalSeconds:F2} s = {engineRate:F0}/s ({ledgerRows} ledger rows); ratio {engineRate / rawRate:F3} (target >= 0.5); " +
            $"CPU per statement raw {rawCpu.TotalMilliseconds * 1000 / parsed:F0} us, engine {engineCpu.TotalMilliseconds * 1000 / processed:F0} us, " +
            $"CPU ratio {rawCpu.TotalMilliseconds / parsed / (engineCpu.TotalMilliseconds / processed):F3}"));
    }

    private static async Task RunLeaderboardAsync(string folder, int teachers, int queries, CancellationToken cancellationToken)
    {
        await using var database = await CreateDatabaseAsync(folder, "board.db", cancellationToken);
        var userIds = await BenchStandings.SeedAsync(database, Tenant, teachers, cancellationToken);
        var service = new LeaderboardService(database);
        var random = new Random(20261204);

        for (var i = 0; i < 200; i++)
        {
            await service.GetDistrictBoardAsync(Tenant, null, userIds[random.Next(userIds.Count)], 10, 3, cancellationToken);
        }

        var samples = new double[queries];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < queries; i++)
        {
            var viewer = userIds[random.Next(userIds.Count)];
            var started = Stopwatch.GetTimestamp();
            var board = await service.GetDistrictBoardAsync(Tenant, null, viewer, 10, 3, cancellationToken);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (board.Value is not { ViewerRank: not null, Top.Count: 10 })
            {
                throw new InvalidOperationException($"The board for viewer {viewer} came back without the viewer or without 10 top rows.");
            }
        }

        // CPU time per read does not grow when other processes compete for the cores; wall-clock
        // percentiles do, so both are printed.
        var cpuPerRead = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / queries;
        Array.Sort(samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"District board (SQLite, {teachers} teachers, top 10 + 3 neighbours, {queries} random viewers): " +
            $"p50 {Percentile(samples, 0.50):F2} ms, p95 {Percentile(samples, 0.95):F2} ms, p99 {Percentile(samples, 0.99):F2} ms, max {samples[^1]:F2} ms (target p95 < 10 ms); " +
            $"CPU {cpuPerRead:F2} ms per read; load average {LoadAverage()}"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
