using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LtiPd.Benchmarks.LaunchLoad;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;

namespace LtiPd.Benchmarks.PageLoad;

/// <summary>
/// <c>page-load</c>: starts the tool on 127.0.0.1 over a SQLite database holding one district of
/// <c>--teachers</c> teachers (course roster, schools, progress, completions and a pathway), then
/// times GET requests of the dashboard, a module page, "my pathway", the compliance page and its
/// CSV export, one at a time. The times are measured by the client over loopback, so they are server time plus
/// a small HTTP overhead.
/// </summary>
internal static class PageLoadCommand
{
    private const int ChangedTeachers = 100;
    private const int EditRounds = 2;
    private const int EditReads = 20;

    public static Task<int> RunAsync(string[] args)
    {
        var teachers = CommandOptions.Positive("--teachers", "Teachers in the district", 10_000);
        var requests = CommandOptions.Positive("--requests", "Timed GET requests per page (50 more run untimed first)", 300);
        var toolDll = new Option<string>("--tool-dll")
        {
            Description = "Path of LtiPd.LtiTool.dll; default: the copy built next to this program",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "LtiPd.LtiTool.dll"),
        };
        var command = new RootCommand("Server time of the learner and PD leader pages with a large district") { teachers, requests, toolDll };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var dataDirectory = Directory.CreateTempSubdirectory("ltipd-page-load-").FullName;
            try
            {
                await RunAsync(parseResult.GetValue(teachers), parseResult.GetValue(requests), Path.GetFullPath(parseResult.GetValue(toolDll)!), dataDirectory, cancellationToken);
                return 0;
            }
            finally
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        });
        return command.Parse(args).InvokeAsync();
    }

    private static async Task RunAsync(int teacherCount, int requestCount, string toolDll, string dataDirectory, CancellationToken cancellationToken)
    {
        var catalogPath = Path.Combine(Path.GetDirectoryName(toolDll)!, "catalog");
        var catalog = new CatalogLoader(new SafeHtml()).Load(catalogPath).Modules;
        if (catalog.Count < 5)
        {
            throw new InvalidOperationException($"The catalog at '{catalogPath}' has {catalog.Count} valid modules; the run needs 5.");
        }

        await using var tool = await ToolProcess.StartAsync(toolDll, "Production", dataDirectory, new Dictionary<string, string>(), cancellationToken);
        var connectionString = $"Data Source={Path.Combine(dataDirectory, "ltipd.db")};Pooling=True";
        await using var database = new Database(DatabaseProvider.Sqlite, connectionString);

        var seedClock = Stopwatch.StartNew();
        var sessions = await PageLoadSeed.RunAsync(database, catalog, teacherCount, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {teacherCount} teachers in {seedClock.Elapsed.TotalSeconds:0.0} s."));

        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(tool.BaseUrl) };
        var module = catalog[0];
        var pages = new (string Name, string Path, string Session)[]
        {
            ("dashboard", "/app", sessions.Teacher),
            ("module page", $"/app/modules/{Uri.EscapeDataString(module.Id)}", sessions.Teacher),
            ("my pathway", "/app/pathways/mine", sessions.Teacher),
            ("compliance", $"/app/compliance?pathway={sessions.PathwayId}", sessions.Leader),
            ("compliance csv", $"/app/compliance.csv?pathway={sessions.PathwayId}", sessions.Leader),
        };
        var compliance = pages[^2].Path;
        var csv = pages[^1].Path;

        // CPU ms per request is the tool process's CPU time over the timed requests, so it does
        // not count the client and rises less than wall-clock time when other work shares the cores.
        // "First ms" is the page's first request, before the untimed ones. The first compliance
        // request finds no status rows: depending on the tool it evaluates the pathway in memory
        // or shows that the figures are being computed. Its CSV waits for the background build,
        // so the timed requests of both read built rows.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"Page",-14} {"Requests",8} {"Mean ms",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"Max ms",8} {"CPU ms",8} {"First ms",8}"));
        foreach (var (name, path, session) in pages)
        {
            if (path == csv)
            {
                await WaitUntilBuiltAsync(database, sessions.PathwayId, 1, cancellationToken);
            }

            var first = LatencySummary.From(await TimeAsync(client, path, session, 1, cancellationToken)).Max;
            if (path == compliance)
            {
                await WaitUntilBuiltAsync(database, sessions.PathwayId, 1, cancellationToken);
            }

            await TimeAsync(client, path, session, 49, cancellationToken);
            var cpuBefore = tool.CpuTime;
            var summary = LatencySummary.From(await TimeAsync(client, path, session, requestCount, cancellationToken));
            var cpuPerRequest = (tool.CpuTime - cpuBefore).TotalMilliseconds / requestCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} {requestCount,8} {summary.Mean,8:0.00} {summary.P50,8:0.00} {summary.P95,8:0.00} {summary.P99,8:0.00} {summary.Max,8:0.00} {cpuPerRequest,8:0.00} {first,8:0.00}"));
        }

        // The reads right after teachers made progress find them marked: depending on the tool,
        // the read evaluates them again or shows the stored rows with a notice.
        var afterChanges = new List<long>();
        var csvAfterChanges = new List<long>();
        var (pageCpu, csvCpu) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var round = 0; round < 5; round++)
        {
            await PageLoadSeed.AddProgressAsync(database, catalog, round * ChangedTeachers, ChangedTeachers, cancellationToken);
            var cpuBefore = tool.CpuTime;
            afterChanges.AddRange(await TimeAsync(client, compliance, sessions.Leader, 1, cancellationToken));
            pageCpu += tool.CpuTime - cpuBefore;
            cpuBefore = tool.CpuTime;
            csvAfterChanges.AddRange(await TimeAsync(client, csv, sessions.Leader, 1, cancellationToken));
            csvCpu += tool.CpuTime - cpuBefore;
        }

        // The CPU time includes what the background worker did meanwhile.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compliance after {ChangedTeachers} teachers made progress, over {afterChanges.Count} rounds: page mean {LatencySummary.From(afterChanges).Mean:0.00} ms " +
            $"({pageCpu.TotalMilliseconds / afterChanges.Count:0.00} CPU ms), then CSV mean {LatencySummary.From(csvAfterChanges).Mean:0.00} ms ({csvCpu.TotalMilliseconds / afterChanges.Count:0.00} CPU ms)"));

        for (var edit = 1; edit <= EditRounds; edit++)
        {
            await TimeEditAsync(client, database, tool, compliance, csv, sessions, edit, cancellationToken);
        }
    }

    // Edits the pathway, times the first compliance read and CSV export after it (which rebuild
    // the rows on a tool without background builds), waits until the rows are built again, and
    // times EditReads reads after that.
    private static async Task TimeEditAsync(
        HttpClient client,
        Database database,
        ToolProcess tool,
        string path,
        string csvPath,
        (string Teacher, string Leader, string PathwayId) sessions,
        int edit,
        CancellationToken cancellationToken)
    {
        var editedAtMs = await PageLoadSeed.EditPathwayAsync(database, sessions.PathwayId, edit, cancellationToken);
        var cpuBefore = tool.CpuTime;
        var first = LatencySummary.From(await TimeAsync(client, path, sessions.Leader, 1, cancellationToken)).Max;
        var firstCpu = (tool.CpuTime - cpuBefore).TotalMilliseconds;
        cpuBefore = tool.CpuTime;
        var firstCsv = LatencySummary.From(await TimeAsync(client, csvPath, sessions.Leader, 1, cancellationToken)).Max;
        var firstCsvCpu = (tool.CpuTime - cpuBefore).TotalMilliseconds;
        var waited = Stopwatch.StartNew();
        await WaitUntilBuiltAsync(database, sessions.PathwayId, editedAtMs, cancellationToken);
        var builtAfter = waited.Elapsed.TotalMilliseconds;
        cpuBefore = tool.CpuTime;
        var steady = LatencySummary.From(await TimeAsync(client, path, sessions.Leader, EditReads, cancellationToken));
        var steadyCpu = (tool.CpuTime - cpuBefore).TotalMilliseconds / EditReads;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compliance after pathway edit {edit}: first read {first:0.00} ms ({firstCpu:0.00} CPU ms), then CSV {firstCsv:0.00} ms ({firstCsvCpu:0.00} CPU ms), " +
            $"rows built {builtAfter:0} ms after the CSV, " +
            $"then {EditReads} reads: mean {steady.Mean:0.00} ms, p95 {steady.P95:0.00} ms, {steadyCpu:0.00} CPU ms"));
    }

    // Waits until the background worker built the pathway's status rows at or after sinceMs.
    private static async Task WaitUntilBuiltAsync(Database database, string pathwayId, long sinceMs, CancellationToken cancellationToken)
    {
        while (await PageLoadSeed.BuiltAtAsync(database, pathwayId, cancellationToken) < sinceMs)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<List<long>> TimeAsync(HttpClient client, string path, string session, int count, CancellationToken cancellationToken)
    {
        var ticks = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", $"{SessionCookies.SessionCookieName}={session}");
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            ticks.Add(Stopwatch.GetTimestamp() - started);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path} returned {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            }
        }

        return ticks;
    }
}
