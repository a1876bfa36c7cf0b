using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LtiPd.Benchmarks.LaunchLoad;
using LtiPd.Storage;
using Npgsql;

namespace LtiPd.Benchmarks.LrsLoad;

/// <summary>
/// <c>lrs-load</c>: starts the tool on 127.0.0.1 and measures its embedded LRS: statements/s
/// accepted in POST batches of 1 and of <c>--batch-size</c> from concurrent clients, then the
/// latency of GET statements filtered by agent, verb and activity once <c>--stored</c>
/// statements are stored. The same rows then go through plain Dapper inserts and selects on
/// equivalent tables (<see cref="RawBaseline"/>), so the LRS's overhead shows as a ratio.
/// Runs on SQLite, and also on PostgreSQL when a connection string is given.
/// </summary>
internal static class LrsLoadCommand
{
    public const string CredentialKey = "bench-client";

    private const string Tenant = "bench-district";

    // Statements per GET page. Each agent of the benchmark matches one stored statement in
    // 1,000, so without a limit a response would grow with the store. A page of 40 keeps every
    // response the size of the 40,000-stored runs.
    private const int GetLimit = 40;

    // A fixed benchmark secret for a tool that listens only on 127.0.0.1 for the run.
    private const string Secret = "lrs-load-benchmark-secret-0001";

    public static Task<int> RunAsync(string[] args)
    {
        var stored = CommandOptions.Positive("--stored", "Statements stored before the GET phase: warm-up, one-at-a-time and batch phases together", 40_000);
        var single = CommandOptions.Positive("--single", "Timed statements posted one per request", 4_000);
        // The warm-up is long enough for the runtime to compile the request path's hot methods
        // with full optimization. After 2,000 statements the JIT was still at work during the
        // timed phases, and a single POST cost 990 us of tool CPU against 570 us after 20,000.
        var warmup = CommandOptions.Positive("--warmup", "Untimed statements posted first (half in batches, half one at a time)", 20_000);
        var batchSize = CommandOptions.Positive("--batch-size", "Statements per POST in the batch phase", 100);
        var concurrency = CommandOptions.Positive("--concurrency", "Concurrent clients", 4);
        var queries = CommandOptions.Positive("--queries", "Timed GET requests after the ingest (200 more run untimed first)", 2_000);
        var seedDirect = new Option<int>("--seed-direct")
        {
            Description = "Statements stored before the HTTP phases straight through the LRS's batch path in this process, and as raw rows in the baseline; the GETs then run with --stored plus this many stored",
            DefaultValueFactory = _ => 0,
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "PostgreSQL connection string of a user allowed to create databases; the run creates its own database and drops it after. Default: the LTIPD_TEST_POSTGRESQL variable; without either, SQLite only",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LTIPD_TEST_POSTGRESQL"),
        };
        var skipSqlite = new Option<bool>("--skip-sqlite") { Description = "Run only the PostgreSQL pass" };
        var toolDll = new Option<string>("--tool-dll")
        {
            Description = "Path of LtiPd.LtiTool.dll; default: the copy built next to this program",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "LtiPd.LtiTool.dll"),
        };

        var command = new RootCommand("Loopback load run of the embedded xAPI LRS, next to raw Dapper inserts and selects")
        {
            stored, single, warmup, batchSize, concurrency, queries, seedDirect, postgres, skipSqlite, toolDll,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new LrsLoadSettings(
                parseResult.GetValue(stored),
                parseResult.GetValue(single),
                parseResult.GetValue(warmup),
                parseResult.GetValue(batchSize),
                parseResult.GetValue(concurrency),
                parseResult.GetValue(queries),
                parseResult.GetValue(seedDirect),
                Path.GetFullPath(parseResult.GetValue(toolDll)!));
            if (settings.Warmup + settings.Single >= settings.Stored)
            {
                await Console.Error.WriteLineAsync($"--stored ({settings.Stored}) must exceed --warmup plus --single ({settings.Warmup + settings.Single}), so the batch phase has statements to post.");
                return 2;
            }

            if (settings.SeedDirect < 0)
            {
                await Console.Error.WriteLineAsync($"--seed-direct ({settings.SeedDirect}) is invalid. Give 0 (no seeding) or the number of statements to store directly.");
                return 2;
            }

            var exitCode = 0;
            if (!parseResult.GetValue(skipSqlite))
            {
                exitCode = await RunProviderAsync(settings, null, cancellationToken);
            }

            var postgresConnection = parseResult.GetValue(postgres);
            if (exitCode == 0 && !string.IsNullOrWhiteSpace(postgresConnection))
            {
                exitCode = await RunProviderAsync(settings, postgresConnection, cancellationToken);
            }

            return exitCode;
        });
        return command.Parse(args).InvokeAsync();
    }

    private static async Task<int> RunProviderAsync(LrsLoadSettings settings, string? postgresAdmin, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ltipd-lrs-load-").FullName;
        var databaseName = "ltipd_lrs_bench_" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6));
        string? postgresConnection = null;
        try
        {
            var toolSettings = new Dictionary<string, string>
            {
                ["Lti:RequireHttps"] = "false",
                ["Lrs:Credentials:0:Key"] = CredentialKey,
                ["Lrs:Credentials:0:Secret"] = Secret,
                ["Lrs:Credentials:0:Scopes:0"] = "all",
                ["Lrs:Credentials:0:Tenant"] = Tenant,
            };
            Database rawDatabase;
            if (postgresAdmin is null)
            {
                rawDatabase = new Database(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDirectory, "raw.db")};Pooling=True");
            }
            else
            {
                postgresConnection = await CreatePostgresDatabaseAsync(postgresAdmin, databaseName, cancellationToken);
                toolSettings["Storage:Provider"] = "PostgreSql";
                toolSettings["Storage:ConnectionString"] = postgresConnection;
                rawDatabase = new Database(DatabaseProvider.PostgreSql, postgresConnection);
            }

            await using (rawDatabase)
            {
                var provider = postgresAdmin is null ? "SQLite" : "PostgreSQL";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"## {provider}: {settings.SeedDirect} seeded directly, {settings.Warmup} warm-up, {settings.Single} one at a time, {settings.Stored - settings.Warmup - settings.Single} in batches of {settings.BatchSize}, {settings.Concurrency} clients; {settings.Queries} GETs with {settings.Stored + settings.SeedDirect} stored"));
                var seedDatabase = postgresConnection is null
                    ? Database.FromOptions(new StorageOptions { DataDirectory = dataDirectory }, dataDirectory)
                    : new Database(DatabaseProvider.PostgreSql, postgresConnection);
                await using (seedDatabase)
                {
                    await RunLrsAsync(settings, dataDirectory, toolSettings, seedDatabase, cancellationToken);
                }

                await RunRawAsync(settings, rawDatabase, cancellationToken);
            }

            return 0;
        }
        catch (RunFailedException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
        finally
        {
            if (postgresAdmin is not null && postgresConnection is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await DropPostgresDatabaseAsync(postgresAdmin, databaseName);
            }

            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task RunLrsAsync(
        LrsLoadSettings settings, string dataDirectory, Dictionary<string, string> toolSettings, Database seedDatabase, CancellationToken cancellationToken)
    {
        await using var tool = await ToolProcess.StartAsync(settings.ToolDll, "Production", dataDirectory, toolSettings, cancellationToken);
        try
        {
            await RunLrsPhasesAsync(settings, tool, seedDatabase, cancellationToken);
        }
        catch (RunFailedException exception)
        {
            // A 500 has an empty body, so the tool's log is the only place that names the cause.
            throw new RunFailedException($"{exception.Message}{Environment.NewLine}The tool's last output:{Environment.NewLine}{tool.LastOutput}");
        }
    }

    private static async Task RunLrsPhasesAsync(LrsLoadSettings settings, ToolProcess tool, Database seedDatabase, CancellationToken cancellationToken)
    {
        if (settings.SeedDirect > 0)
        {
            // The tool has migrated the database by now. The seeded statements follow the
            // numbers the HTTP phases use, so their ids never collide.
            var seeder = new DirectSeeder(seedDatabase, Tenant, CredentialKey);
            await MeasureAsync("LRS batch path in process (seed, 1000 per batch)", settings.SeedDirect, null,
                () => seeder.SeedAsync(settings.Stored, settings.SeedDirect, settings.Concurrency, cancellationToken));
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency, UseCookies = false });
        client.BaseAddress = new Uri(tool.BaseUrl);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(CredentialKey + ":" + Secret)));
        client.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");

        var workingSetStart = tool.WorkingSet;
        var halfWarmup = settings.Warmup / 2;
        await PostAllAsync(client, Bodies(0, halfWarmup, settings.BatchSize), settings.Concurrency, cancellationToken);
        await PostAllAsync(client, Bodies(halfWarmup, settings.Warmup - halfWarmup, 1), settings.Concurrency, cancellationToken);
        var workingSetWarm = tool.WorkingSet;

        var first = settings.Warmup;
        var singles = Bodies(first, settings.Single, 1);
        await MeasureAsync("LRS POST, 1 per request", settings.Single, tool, () => PostAllAsync(client, singles, settings.Concurrency, cancellationToken));

        first += settings.Single;
        var batched = settings.Stored - first;
        var batches = Bodies(first, batched, settings.BatchSize);
        await MeasureAsync($"LRS POST, {settings.BatchSize} per request", batched, tool, () => PostAllAsync(client, batches, settings.Concurrency, cancellationToken));
        var workingSetIngested = tool.WorkingSet;

        var matched = await CountMatchesAsync(client, 0, cancellationToken);
        await RunQueriesAsync(settings.Concurrency, 200, settings.Stored, n => GetFilteredAsync(client, n, cancellationToken));
        var storedTotal = settings.Stored + settings.SeedDirect;
        var latencies = await MeasureAsync("LRS GET agent+verb+activity", settings.Queries, tool,
            () => RunQueriesAsync(settings.Concurrency, settings.Queries, settings.Stored, n => GetFilteredAsync(client, n, cancellationToken)));
        PrintLatencies($"LRS GET agent+verb+activity ({matched} statements per response)", latencies);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Tool working set: {Mib(workingSetStart)} MiB after start, {Mib(workingSetWarm)} MiB after warm-up, {Mib(workingSetIngested)} MiB after {storedTotal} statements, {Mib(tool.WorkingSet)} MiB after the GETs; peak {Mib(tool.PeakWorkingSet)} MiB."));
    }

    private static async Task RunRawAsync(LrsLoadSettings settings, Database database, CancellationToken cancellationToken)
    {
        var raw = new RawBaseline(database);
        await raw.CreateSchemaAsync(cancellationToken);
        if (settings.SeedDirect > 0)
        {
            // Prepared in slices, so a million rows never sit in memory at once.
            await MeasureAsync("raw Dapper insert (seed, 1000 per transaction)", settings.SeedDirect, null, async () =>
            {
                for (var start = settings.Stored; start < settings.Stored + settings.SeedDirect; start += 20_000)
                {
                    var count = Math.Min(20_000, settings.Stored + settings.SeedDirect - start);
                    await InsertAllAsync(raw, RawBatches(start, count, 1000), settings.Concurrency, cancellationToken);
                }
            });
        }

        var halfWarmup = settings.Warmup / 2;
        await InsertAllAsync(raw, RawBatches(0, halfWarmup, settings.BatchSize), settings.Concurrency, cancellationToken);
        await InsertAllAsync(raw, RawBatches(halfWarmup, settings.Warmup - halfWarmup, 1), settings.Concurrency, cancellationToken);

        var first = settings.Warmup;
        var singles = RawBatches(first, settings.Single, 1);
        await MeasureAsync("raw Dapper insert, 1 per transaction", settings.Single, null, () => InsertAllAsync(raw, singles, settings.Concurrency, cancellationToken));

        first += settings.Single;
        var batched = settings.Stored - first;
        var batches = RawBatches(first, batched, settings.BatchSize);
        await MeasureAsync($"raw Dapper insert, {settings.BatchSize} per transaction", batched, null, () => InsertAllAsync(raw, batches, settings.Concurrency, cancellationToken));

        await raw.AnalyzeAsync(cancellationToken);
        var matched = (await raw.SelectAsync(0, cancellationToken)).Rows;
        await RunQueriesAsync(settings.Concurrency, 200, settings.Stored, async n => (await raw.SelectAsync(n, cancellationToken)).Ticks);
        var latencies = await MeasureAsync("raw Dapper select agent+verb+activity", settings.Queries, null,
            () => RunQueriesAsync(settings.Concurrency, settings.Queries, settings.Stored, async n => (await raw.SelectAsync(n, cancellationToken)).Ticks));
        PrintLatencies($"raw Dapper select agent+verb+activity ({matched} rows per query)", latencies);
    }

    /// <summary>Serializes statements [first, first + count) into POST bodies of up to <paramref name="batchSize"/> each, before any timing.</summary>
    private static List<byte[]> Bodies(int first, int count, int batchSize)
    {
        var bodies = new List<byte[]>();
        for (var start = first; start < first + count; start += batchSize)
        {
            var end = Math.Min(first + count, start + batchSize);
            JsonNode body = batchSize == 1
                ? StatementFactory.Build(start)
                : new JsonArray(Enumerable.Range(start, end - start).Select(n => (JsonNode)StatementFactory.Build(n)).ToArray());
            bodies.Add(Encoding.UTF8.GetBytes(body.ToJsonString()));
        }

        return bodies;
    }

    private static List<RawStatement[]> RawBatches(int first, int count, int batchSize) =>
        Enumerable.Range(first, count).Select(RawBaseline.Prepare).Chunk(batchSize).ToList();

    private static Task PostAllAsync(HttpClient client, List<byte[]> bodies, int concurrency, CancellationToken cancellationToken) =>
        RunAllAsync(bodies.Count, concurrency, async index =>
        {
            using var content = new ByteArrayContent(bodies[index]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(new Uri("/xapi/statements", UriKind.Relative), content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new RunFailedException($"POST /xapi/statements (body {index}) returned {(int)response.StatusCode}: {text}");
            }
        });

    private static Task InsertAllAsync(RawBaseline raw, List<RawStatement[]> batches, int concurrency, CancellationToken cancellationToken) =>
        RunAllAsync(batches.Count, concurrency, index => raw.InsertBatchAsync(batches[index], cancellationToken));

    /// <summary>Runs <paramref name="work"/> for indexes 0..count-1, with <paramref name="concurrency"/> workers each taking the next index.</summary>
    private static async Task RunAllAsync(int count, int concurrency, Func<int, Task> work)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await work(index);
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>Runs <paramref name="count"/> queries for statements picked at random (fixed seed) among the stored ones; returns each one's Stopwatch ticks.</summary>
    private static async Task<long[]> RunQueriesAsync(int concurrency, int count, int stored, Func<int, Task<long>> query)
    {
        var random = new Random(20261204);
        var picks = Enumerable.Range(0, count).Select(_ => random.Next(stored)).ToArray();
        var ticks = new long[count];
        await RunAllAsync(count, concurrency, async index => ticks[index] = await query(picks[index]));
        return ticks;
    }

    private static async Task<long> GetFilteredAsync(HttpClient client, int n, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(FilteredUri(n), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RunFailedException($"GET {FilteredUri(n)} returned {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        }

        return Stopwatch.GetTimestamp() - started;
    }

    private static async Task<int> CountMatchesAsync(HttpClient client, int n, CancellationToken cancellationToken)
    {
        var json = await client.GetStringAsync(FilteredUri(n), cancellationToken);
        return JsonNode.Parse(json)!["statements"]!.AsArray().Count;
    }

    private static Uri FilteredUri(int n)
    {
        var agent = new JsonObject { ["mbox"] = StatementFactory.LearnerMbox(n) }.ToJsonString();
        return new Uri(
            "/xapi/statements?agent=" + Uri.EscapeDataString(agent) +
            "&verb=" + Uri.EscapeDataString(StatementFactory.VerbId(n)) +
            "&activity=" + Uri.EscapeDataString(StatementFactory.ActivityId(n)) +
            "&limit=" + GetLimit.ToString(CultureInfo.InvariantCulture),
            UriKind.Relative);
    }

    /// <summary>
    /// Times <paramref name="run"/> and prints its rate with the CPU the tool (when given), this
    /// process and everything else used, and the load average before and after.
    /// </summary>
    private static async Task<T> MeasureAsync<T>(string label, int count, ToolProcess? tool, Func<Task<T>> run)
    {
        var loadBefore = LoadAverage();
        var machineBefore = MachineCpu.Read();
        var toolBefore = tool?.CpuTime ?? TimeSpan.Zero;
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var toolCpu = (tool?.CpuTime ?? TimeSpan.Zero) - toolBefore;
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime - selfBefore;
        var machine = MachineCpu.Read() - machineBefore;
        var other = Math.Max(0, machine.BusySeconds - toolCpu.TotalSeconds - selfCpu.TotalSeconds);

        var inv = CultureInfo.InvariantCulture;
        var toolPart = tool is null ? "" : string.Create(inv, $"tool CPU {toolCpu.TotalMilliseconds * 1000 / count:F0} us/item, ");
        Console.WriteLine(string.Create(inv,
            $"{label}: {count} in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:F0}/s; {toolPart}benchmark process CPU {selfCpu.TotalMilliseconds * 1000 / count:F0} us/item; " +
            $"other processes {other:F1} s and idle {Math.Max(0, machine.TotalSeconds - machine.BusySeconds):F1} s of {machine.TotalSeconds:F1} CPU-s; load average {loadBefore} -> {LoadAverage()}"));
        return result;
    }

    private static Task<int> MeasureAsync(string label, int count, ToolProcess? tool, Func<Task> run) =>
        MeasureAsync(label, count, tool, async () =>
        {
            await run();
            return 0;
        });

    private static void PrintLatencies(string label, long[] ticks)
    {
        var s = LatencySummary.From(ticks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: mean {s.Mean:F2} ms, p50 {s.P50:F2} ms, p95 {s.P95:F2} ms, p99 {s.P99:F2} ms, max {s.Max:F2} ms"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<string> CreatePostgresDatabaseAsync(string adminConnection, string databaseName, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(adminConnection))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {databaseName}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(adminConnection) { Database = databaseName }.ConnectionString;
    }

    private static async Task DropPostgresDatabaseAsync(string adminConnection, string databaseName)
    {
        await using var connection = new NpgsqlConnection(adminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"Dropped database {databaseName}.");
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

    private sealed record LrsLoadSettings(int Stored, int Single, int Warmup, int BatchSize, int Concurrency, int Queries, int SeedDirect, string ToolDll);

    private sealed class RunFailedException(string message) : Exception(message);
}
