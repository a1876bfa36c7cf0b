using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Lrs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LtiPd.Benchmarks.ExportMemory;

/// <summary>
/// <c>export-memory</c>: stores <c>--statements</c> statements in a new SQLite file, then exports
/// a tenth of them and all of them as NDJSON and as CSV to a discarding stream, sampling the
/// managed heap every few milliseconds. A streaming export keeps the same heap for both sizes.
/// An export that collected its rows would keep ten times more for the full run.
/// </summary>
internal static class ExportMemoryCommand
{
    private const string Tenant = "bench-district";

    public static Task<int> RunAsync(string[] args)
    {
        var statements = CommandOptions.Positive("--statements", "Statements stored and then exported", 1_000_000);
        var command = new RootCommand("Peak managed memory of the streaming statement export") { statements };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var total = parseResult.GetValue(statements);
            var folder = Path.Combine(Path.GetTempPath(), "ltipd-export-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "ltipd.db"), Pooling = true }.ToString();
                await using var database = new Database(DatabaseProvider.Sqlite, connectionString);
                await new DatabaseMigrator(database, [new MigrationSource(typeof(Database).Assembly), new MigrationSource(typeof(LrsOptions).Assembly)], NullLogger<DatabaseMigrator>.Instance)
                    .MigrateAsync(cancellationToken);

                var started = Stopwatch.GetTimestamp();
                await StoreAsync(database, total, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Stored {total} statements in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; database file {new FileInfo(Path.Combine(folder, "ltipd.db")).Length / 1048576.0:F0} MiB"));
                Console.WriteLine("format  statements  seconds  peak heap MiB  peak heap after GC MiB  allocated MiB  gen0/gen2 GCs  peak working set MiB (process so far)");

                var exporter = new StatementExporter(database);
                foreach (var format in new[] { ExportFormat.Ndjson, ExportFormat.Csv })
                {
                    // The tenth run first: its peak is the baseline the full run is compared with.
                    await MeasureAsync(exporter, format, total / 10, cancellationToken);
                    await MeasureAsync(exporter, format, total, cancellationToken);
                }

                return 0;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        });
        return command.Parse(args).InvokeAsync();
    }

    private static async Task MeasureAsync(StatementExporter exporter, ExportFormat format, int count, CancellationToken cancellationToken)
    {
        // Statement n is stored at millisecond n, so "until" selects the first count statements.
        var filter = new StatementExportFilter { UntilMs = count };
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var gen2Before = GC.CollectionCount(2);
        using var sampler = new HeapSampler();

        var started = Stopwatch.GetTimestamp();
        await using var writer = new StreamWriter(Stream.Null, new UTF8Encoding(false), 64 * 1024);
        var exported = await exporter.ExportAsync(Tenant, new StatementExportRequest(filter, format), writer, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var (peak, peakAfterCollection) = sampler.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{format,-7} {exported,10} {seconds,8:F1} {peak / 1048576.0,14:F1} {peakAfterCollection / 1048576.0,23:F1} {allocated / 1048576.0,14:F0} {GC.CollectionCount(0) - gen0Before,7}/{GC.CollectionCount(2) - gen2Before} {process.PeakWorkingSet64 / 1048576.0,10:F0}"));
    }

    private static async Task StoreAsync(Database database, int total, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json) VALUES (@tenant, @id, 'bench', @stored, 0, @json)";
        var tenant = command.CreateParameter();
        tenant.ParameterName = "@tenant";
        tenant.Value = Tenant;
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        var stored = command.CreateParameter();
        stored.ParameterName = "@stored";
        var json = command.CreateParameter();
        json.ParameterName = "@json";
        command.Parameters.Add(tenant);
        command.Parameters.Add(id);
        command.Parameters.Add(stored);
        command.Parameters.Add(json);

        for (var n = 1; n <= total; n++)
        {
            var statementId = Guid.CreateVersion7().ToString("D");
            id.Value = statementId;
            stored.Value = (long)n;
            json.Value = StatementJson(statementId, n);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        _ = await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: cancellationToken));
    }

    // About 900 bytes, the size of a PD profile "passed" statement with its context.
    private static string StatementJson(string id, int n) => string.Create(CultureInfo.InvariantCulture,
        $$$$"""{"id":"{{{{id}}}}","actor":{"objectType":"Agent","account":{"homePage":"https://canvas.example.edu","name":"user-{{{{n % 50_000}}}}"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/passed","display":{"en-US":"passed"}},"object":{"objectType":"Activity","id":"https://pd.example.edu/districts/bench/courses/c{{{{n % 40}}}}/modules/m{{{{n % 25}}}}/assessments/quiz","definition":{"type":"http://adlnet.gov/expapi/activities/assessment","name":{"en-US":"Module check"}}},"result":{"score":{"scaled":0.{{{{n % 10}}}},"raw":{{{{n % 10}}}},"min":0,"max":10},"success":true,"completion":true,"duration":"PT{{{{n % 30}}}}M"},"context":{"registration":"8f2d1c6e-3b1a-4c57-9a51-0c2f3e4d5a6b","contextActivities":{"parent":[{"id":"https://pd.example.edu/districts/bench/courses/c{{{{n % 40}}}}/modules/m{{{{n % 25}}}}"}],"grouping":[{"id":"https://pd.example.edu/districts/bench/courses/c{{{{n % 40}}}}"}]},"extensions":{"https://w3id.org/ltipd/xapi/extensions/district-id":"bench-district"}},"timestamp":"2026-09-01T08:00:00.000Z","stored":"2026-09-01T08:00:00.000Z","authority":{"objectType":"Agent","account":{"homePage":"https://ltipd.invalid","name":"bench"}},"version":"1.0.3"}""");

    /// <summary>
    /// Samples the managed heap every 5 ms on a thread of its own and keeps two peaks: the heap
    /// with garbage not yet collected (<see cref="GC.GetTotalMemory(bool)"/>), which rises to the
    /// gen0 budget, and the heap left after the latest collection
    /// (<see cref="GCMemoryInfo.HeapSizeBytes"/>), which is what the export keeps alive.
    /// </summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _running = true;
        private long _peak;
        private long _peakAfterCollection;

        public HeapSampler()
        {
            _thread = new Thread(Sample) { IsBackground = true };
            _thread.Start();
        }

        public (long Peak, long PeakAfterCollection) Stop()
        {
            _running = false;
            _thread.Join();
            return (_peak, _peakAfterCollection);
        }

        public void Dispose() => _running = false;

        private void Sample()
        {
            while (_running)
            {
                _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
                _peakAfterCollection = Math.Max(_peakAfterCollection, GC.GetGCMemoryInfo().HeapSizeBytes);
                Thread.Sleep(5);
            }
        }
    }
}
