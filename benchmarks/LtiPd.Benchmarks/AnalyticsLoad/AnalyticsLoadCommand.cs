using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LtiPd.LtiTool.Analytics;
using LtiPd.LtiTool.Analytics.Projection;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static LtiPd.LtiTool.Messages.PdRole;

namespace LtiPd.Benchmarks.AnalyticsLoad;

/// <summary>
/// <c>analytics-load</c>: seeds a district of <c>--teachers</c> teachers and <c>--statements</c>
/// statements into a new SQLite file in a temporary folder, times the projection of every
/// statement into <c>analytics_facts</c> and its rollups, then times each dashboard query and the
/// projection check a page request makes first (<c>refresh</c>) and the whole page (check,
/// queries and chart rendering) <c>--runs</c> times per filter, printing p50, p95 and
/// the process CPU time per request. With <c>--bulk</c> it writes the facts of that many statements
/// straight to the tables and times <c>analytics rebuild</c> instead of the projection. The folder
/// is deleted at the end. With <c>--database</c> it uses that file instead: it seeds it when it does
/// not exist, times the queries of an existing one without seeding it again, and keeps it.
/// </summary>
internal static class AnalyticsLoadCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var teachers = CommandOptions.Positive("--teachers", "Teachers in the district", 50_000);
        var statements = CommandOptions.Positive("--statements", "Statements stored for the district", 1_000_000);
        var days = CommandOptions.Positive("--days", "Days the statements spread over, ending 2026-06-30", 182);
        var runs = CommandOptions.Positive("--runs", "Timed runs of each query and page, after 2 untimed ones", 20);
        var bulk = new Option<bool>("--bulk") { Description = "Write the facts of --statements statements straight to analytics_facts and rebuild the rollups, instead of storing and projecting statement JSON" };
        var file = new Option<FileInfo?>("--database")
        {
            Description = "SQLite file to seed and keep, instead of a new one in a temporary folder that is deleted at the end. An existing file is timed as it is, without seeding; its --teachers and --days must be those it was seeded with",
        };
        var command = new RootCommand("Times the PD leader dashboard queries on a seeded SQLite district") { teachers, statements, days, runs, bulk, file };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var run = new RunSettings(parseResult.GetValue(teachers), parseResult.GetValue(statements), parseResult.GetValue(days), parseResult.GetValue(runs), parseResult.GetValue(bulk));
            var database = parseResult.GetValue(file);
            if (database is null)
            {
                var folder = Directory.CreateTempSubdirectory("ltipd-analytics-bench-").FullName;
                try
                {
                    await RunSqliteAsync(Path.Combine(folder, "bench.db"), run, cancellationToken);
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                }
            }
            else
            {
                await RunSqliteAsync(database.FullName, run, cancellationToken);
                SqliteConnection.ClearAllPools();
            }

            return 0;
        });
        return command.Parse(args).InvokeAsync();
    }

    private static async Task RunSqliteAsync(string path, RunSettings run, CancellationToken cancellationToken)
    {
        var (_, _, days, runs, _) = run;
        var seed = !File.Exists(path);
        var folder = Path.GetDirectoryName(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        await using var database = new Database(DatabaseProvider.Sqlite, connectionString, commandTimeoutSeconds: 600);
        var sources = new[] { typeof(Database), typeof(LtiPd.XapiBridge.XapiBridgeServiceCollectionExtensions), typeof(LtiPd.Gamification.GamificationServiceCollectionExtensions), typeof(AnalyticsOptions) }
            .Select(type => new MigrationSource(type.Assembly));
        await new DatabaseMigrator(database, sources, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(cancellationToken);

        var catalog = new ModuleCatalog();
        catalog.Replace(new CatalogLoader(new SafeHtml()).Load(Path.Combine(AppContext.BaseDirectory, "catalog")));
        var moduleIds = catalog.Modules.Select(module => module.Id).ToList();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; SQLite file in {folder}; load average {LoadAverage()}");

        var options = new FixedOptions(new AnalyticsOptions { ProjectionBatchSize = 5000 });
        using var projector = new AnalyticsProjector(database, TimeProvider.System, options, NullLogger<AnalyticsProjector>.Instance);
        if (seed)
        {
            await SeedAsync(connectionString, path, projector, moduleIds, run, cancellationToken);
        }
        else
        {
            Console.WriteLine($"Timing the existing file {path}, not seeded again");

            // A rollup added by a migration since the file was seeded is derived on the first
            // refresh, which is timed here so that no chart query reads it before then.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await projector.RefreshTenantAsync(DistrictSeeder.Tenant, cancellationToken);
            Console.WriteLine($"First refresh in {clock.Elapsed.TotalSeconds:F1} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
        }

        await using (var sizes = await database.OpenAsync(cancellationToken))
        {
            foreach (var table in new[] { "analytics_facts", "analytics_funnel", "analytics_week_learners", "analytics_weekly_active", "analytics_submissions", "analytics_points", "analytics_levels", "analytics_completions", "analytics_funnel_days", "analytics_reviews", "analytics_school_hours" })
            {
                var count = await Dapper.SqlMapper.ExecuteScalarAsync<long>(sizes, $"SELECT COUNT(*) FROM {table}");
                Console.WriteLine($"  {table}: {count:N0} rows");
            }
        }

        var queries = new DashboardQueries(database);
        var service = new DashboardService(projector, queries, catalog, options);
        var to = DateOnly.FromDateTime(DistrictSeeder.End.UtcDateTime);
        var filters = new (string Name, DashboardFilter Filter)[]
        {
            ("12 weeks, no filter", new DashboardFilter(to.AddDays(-83), to, null, null, null, null)),
            ($"{days} days, no filter", new DashboardFilter(to.AddDays(1 - days), to, null, null, null, null)),
            ("12 weeks, one school", new DashboardFilter(to.AddDays(-83), to, DistrictSeeder.SchoolId(7), null, null, null)),
            ("12 weeks, one course", new DashboardFilter(to.AddDays(-83), to, null, DistrictSeeder.CourseId, null, null)),
            ("12 weeks, one module", new DashboardFilter(to.AddDays(-83), to, null, null, moduleIds[3], null)),
            ("12 weeks, role", new DashboardFilter(to.AddDays(-83), to, null, null, null, Learner)),
            ("12 weeks, role + course", new DashboardFilter(to.AddDays(-83), to, null, DistrictSeeder.CourseId, null, Learner)),
            ("12 weeks, school + course", new DashboardFilter(to.AddDays(-83), to, DistrictSeeder.SchoolId(7), DistrictSeeder.CourseId, null, null)),
            ("12 weeks, school + role + course", new DashboardFilter(to.AddDays(-83), to, DistrictSeeder.SchoolId(7), DistrictSeeder.CourseId, null, Learner)),
            ("12 weeks, module + role + course", new DashboardFilter(to.AddDays(-83), to, null, DistrictSeeder.CourseId, moduleIds[3], Learner)),
            ($"{days} days, role + course", new DashboardFilter(to.AddDays(1 - days), to, null, DistrictSeeder.CourseId, null, Learner)),
        };
        var modules = service.Modules();
        var schools = Enumerable.Range(0, DistrictSeeder.SchoolCount).ToDictionary(DistrictSeeder.SchoolId, index => $"School {index:D2}");
        var choices = new DashboardChoices(schools, new Dictionary<string, string> { [DistrictSeeder.CourseId] = "District PD" }, modules);

        Console.WriteLine($"Timings in ms over {runs} runs (p50 / p95 wall clock, then process CPU per request):");
        foreach (var (name, filter) in filters)
        {
            var tenant = DistrictSeeder.Tenant;
            var learners = await queries.SelectLearnersAsync(tenant, filter, cancellationToken);
            var line = new List<string>
            {
                await TimeAsync("learners", runs, () => queries.SelectLearnersAsync(tenant, filter, cancellationToken)),
                await TimeAsync("weekly", runs, () => queries.WeeklyActiveAsync(tenant, filter, learners, cancellationToken)),
                await TimeAsync("funnel", runs, () => queries.FunnelAsync(tenant, filter, learners, cancellationToken)),
                await TimeAsync("points", runs, () => queries.PointsAsync(tenant, filter, learners, cancellationToken)),
                await TimeAsync("levels", runs, () => queries.LevelsAsync(tenant, filter, learners, cancellationToken)),
                await TimeAsync("turnaround", runs, () => queries.TurnaroundAsync(tenant, filter, learners, cancellationToken)),
                await TimeAsync("reviewers", runs, () => queries.ReviewersAsync(tenant, filter, learners, cancellationToken)),
                await TimeAsync("hours", runs, () => queries.SchoolCompletionsAsync(tenant, filter, cancellationToken)),
                await TimeAsync("refresh", runs, async () =>
                {
                    await projector.CatchUpAsync(options.CurrentValue.RequestCatchUpLimit, cancellationToken);
                    await projector.RefreshTenantAsync(tenant, cancellationToken);
                    return await projector.CountPendingAsync(cancellationToken);
                }),
                await TimeAsync("page", runs, async () =>
                {
                    var data = await service.ReadAsync(tenant, filter, choices, cancellationToken);
                    return DashboardView.Render(data, new Microsoft.AspNetCore.Http.QueryCollection(), []);
                }),
            };
            Console.WriteLine($"  {name}: {string.Join("; ", line)}");
        }

        Console.WriteLine($"Load average at the end: {LoadAverage()}");
    }

    // Seeds the district, then times the projection of its statements, or with --bulk the rebuild of the rollups.
    private static async Task SeedAsync(string connectionString, string path, AnalyticsProjector projector, List<string> moduleIds, RunSettings run, CancellationToken cancellationToken)
    {
        var (teachers, statements, days, _, bulk) = run;
        Console.WriteLine($"Seeding {teachers:N0} teachers and {statements:N0} {(bulk ? "statements' facts" : "statements")} over {days} days ({moduleIds.Count} catalog modules)...");
        var clock = Stopwatch.StartNew();
        if (bulk)
        {
            await new FactSeeder(connectionString, moduleIds).SeedAsync(teachers, statements, days, cancellationToken);
        }
        else
        {
            await new DistrictSeeder(connectionString, moduleIds).SeedAsync(teachers, statements, days, cancellationToken);
        }

        Console.WriteLine($"Seeded in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1_048_576:N0} MiB)");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        if (bulk)
        {
            await projector.RebuildAsync(DistrictSeeder.Tenant, cancellationToken);
            Console.WriteLine($"Rebuilt the rollups in {clock.Elapsed.TotalSeconds:F1} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
        }
        else
        {
            var projected = await projector.CatchUpAsync(long.MaxValue, cancellationToken);
            await projector.RefreshTenantAsync(DistrictSeeder.Tenant, cancellationToken);
            var cpuPerStatement = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / projected;
            Console.WriteLine($"Projected {projected:N0} statements in {clock.Elapsed.TotalSeconds:F1} s ({projected / clock.Elapsed.TotalSeconds:N0} statements/s, CPU {cpuPerStatement:F0} µs a statement)");
        }
    }

    private static async Task<string> TimeAsync<T>(string name, int runs, Func<Task<T>> action)
    {
        await action();
        await action();
        var samples = new List<double>(runs);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        samples.Sort();
        var p50 = samples[(int)Math.Ceiling(0.5 * runs) - 1];
        var p95 = samples[(int)Math.Ceiling(0.95 * runs) - 1];
        return string.Create(CultureInfo.InvariantCulture, $"{name} {p50:F0}/{p95:F0} cpu {cpuPerRun:F0}");
    }

    private sealed record RunSettings(int Teachers, int Statements, int Days, int Runs, bool Bulk);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed class FixedOptions(AnalyticsOptions value) : IOptionsMonitor<AnalyticsOptions>
    {
        public AnalyticsOptions CurrentValue => value;

        public AnalyticsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AnalyticsOptions, string?> listener) => null;
    }
}
