using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using LtiPd.Benchmarks.Platform;

namespace LtiPd.Benchmarks.LaunchLoad;

/// <summary>
/// <c>launch-load</c>: starts the tool and a JWKS endpoint on 127.0.0.1, runs a fixed number of
/// complete login -> launch flows from concurrent simulated browsers after a warm-up, prints
/// throughput, latency percentiles and CPU use, and stops everything it started.
/// </summary>
internal static class LaunchLoadCommand
{
    private const string Issuer = "https://canvas.instructure.com";
    private const string ClientId = "10000000000042";
    private const string DeploymentId = "17:8865aa05b4b79b64a91a86042e43af5ea8ae79eb";

    public static Task<int> RunAsync(string[] args)
    {
        var flows = CommandOptions.Positive("--flows", "Timed flows to run after the warm-up", 20_000);
        var concurrency = CommandOptions.Positive("--concurrency", "Simulated browsers running flows at once", 16);
        // At 3,000 warm-up flows the tiered JIT of both processes was still compiling during the
        // timed flows, which a server in its steady state never pays. perf on a loaded machine
        // found 29% of the tool's samples and 37% of the load generator's in the JIT's thread.
        var warmupFlows = CommandOptions.Positive("--warmup-flows", "Untimed flows run first, to JIT-compile and fill caches and pools", 10_000);
        var users = CommandOptions.Positive("--users", "Distinct users the flows cycle through (later launches update their rows)", 1_000);
        var courses = CommandOptions.Positive("--courses", "Distinct courses and resource links the flows cycle through", 40);
        var environment = new Option<string>("--environment")
        {
            Description = "ASP.NET Core environment of the tool: Production or Development",
            DefaultValueFactory = _ => "Production",
        };
        var landingPage = new Option<bool>("--landing-page")
        {
            Description = "Also fetch the page the launch redirects to, with the session cookie, and expect 200 (default: false, as in the runs recorded before 2026-12-05 19:00 UTC)",
        };
        var toolDll = new Option<string>("--tool-dll")
        {
            Description = "Path of LtiPd.LtiTool.dll; default: the copy built next to this program",
            DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "LtiPd.LtiTool.dll"),
        };

        var command = new RootCommand("Loopback load run of complete LTI 1.3 login -> launch flows")
        {
            flows, concurrency, warmupFlows, users, courses, environment, landingPage, toolDll,
        };
        command.SetAction((parseResult, cancellationToken) => RunLoadAsync(
            new LoadSettings(
                parseResult.GetValue(flows),
                parseResult.GetValue(concurrency),
                parseResult.GetValue(warmupFlows),
                parseResult.GetValue(users),
                parseResult.GetValue(courses),
                parseResult.GetValue(environment)!,
                parseResult.GetValue(landingPage),
                Path.GetFullPath(parseResult.GetValue(toolDll)!)),
            cancellationToken));
        return command.Parse(args).InvokeAsync();
    }

    private static async Task<int> RunLoadAsync(LoadSettings settings, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("ltipd-launch-load-").FullName;
        try
        {
            using var signer = new PlatformSigner();
            await using var jwks = await JwksServer.StartAsync(signer.JwksJson(), cancellationToken);
            await using var tool = await ToolProcess.StartAsync(settings.ToolDll, settings.Environment, dataDirectory, new Dictionary<string, string>
            {
                ["Lti:RequireHttps"] = "false",
                ["Lti:Platforms:0:Issuer"] = Issuer,
                ["Lti:Platforms:0:ClientId"] = ClientId,
                ["Lti:Platforms:0:DeploymentIds:0"] = DeploymentId,
                ["Lti:Platforms:0:AuthUrl"] = jwks.BaseUrl + "/api/lti/authorize_redirect",
                ["Lti:Platforms:0:TokenUrl"] = jwks.BaseUrl + "/login/oauth2/token",
                ["Lti:Platforms:0:JwksUrl"] = jwks.BaseUrl + JwksServer.JwksPath,
                ["Lti:Platforms:0:District"] = "Benchmark District",
            }, cancellationToken);

            using var client = new HttpClient(new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = false,
                MaxConnectionsPerServer = settings.Concurrency,
            });
            var claims = new CanvasLaunchClaims { Issuer = Issuer, ClientId = ClientId, DeploymentId = DeploymentId, TargetLinkUri = tool.BaseUrl + "/app" };
            var flow = new LaunchFlow(client, signer, claims, tool.BaseUrl, settings.Users, settings.Courses, settings.LandingPage);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Tool {tool.BaseUrl} ({settings.Environment}, SQLite in {dataDirectory}); {settings.WarmupFlows} warm-up flows, then {settings.Flows} timed flows from {settings.Concurrency} browsers{(settings.LandingPage ? ", each fetching its landing page" : "")}."));
            await RunPhaseAsync(flow, 0, settings.WarmupFlows, settings.Concurrency, cancellationToken);

            var machineBefore = MachineCpu.Read();
            var toolCpuBefore = tool.CpuTime;
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clientJitBefore = (Time: JitInfo.GetCompilationTime(), Methods: JitInfo.GetCompiledMethodCount());
            var started = Stopwatch.GetTimestamp();
            var timings = await RunPhaseAsync(flow, settings.WarmupFlows, settings.Flows, settings.Concurrency, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var toolCpu = tool.CpuTime - toolCpuBefore;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
            var clientJit = (Time: JitInfo.GetCompilationTime() - clientJitBefore.Time, Methods: JitInfo.GetCompiledMethodCount() - clientJitBefore.Methods);
            var machine = MachineCpu.Read() - machineBefore;

            Report(settings, timings, elapsed, toolCpu, clientCpu, machine);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"The load generator's JIT compiled {clientJit.Methods} methods in {clientJit.Time.TotalMilliseconds:F0} ms during the timed flows."));
            return 0;
        }
        catch (FlowFailedException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 1;
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<FlowTimings[]> RunPhaseAsync(LaunchFlow flow, int firstFlow, int count, int concurrency, CancellationToken cancellationToken)
    {
        var timings = new FlowTimings[count];
        var next = -1;
        var browsers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            // Each browser runs one flow after another, so at most `concurrency` are in flight.
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    timings[index] = await flow.RunAsync(firstFlow + index, cancellationToken);
                }
                catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException)
                {
                    throw new FlowFailedException($"Flow {firstFlow + index} failed: {exception.Message}", exception);
                }
            }
        });
        await Task.WhenAll(browsers);
        return timings;
    }

    private static void Report(LoadSettings settings, FlowTimings[] timings, TimeSpan elapsed, TimeSpan toolCpu, TimeSpan clientCpu, MachineCpu machine)
    {
        var rows = new (string Name, LatencySummary Summary)[]
        {
            ("whole flow", LatencySummary.From(timings.Select(t => t.Flow))),
            ("GET /lti/login", LatencySummary.From(timings.Select(t => t.Login))),
            ("sign id_token (load generator)", LatencySummary.From(timings.Select(t => t.Sign))),
            ("POST /lti/launch", LatencySummary.From(timings.Select(t => t.Launch))),
        };
        if (settings.LandingPage)
        {
            rows = [.. rows, ("GET landing page", LatencySummary.From(timings.Select(t => t.Landing)))];
        }

        var inv = CultureInfo.InvariantCulture;
        var flowsPerSecond = settings.Flows / elapsed.TotalSeconds;
        var otherBusy = machine.BusySeconds - toolCpu.TotalSeconds - clientCpu.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"Completed {settings.Flows} flows in {elapsed.TotalSeconds:F2} s: {flowsPerSecond:F0} launches/s at {settings.Concurrency} concurrent browsers."));
        Console.WriteLine();
        Console.WriteLine("| step | mean ms | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, s) in rows)
        {
            Console.WriteLine(string.Create(inv, $"| {name} | {s.Mean:F2} | {s.P50:F2} | {s.P95:F2} | {s.P99:F2} | {s.Max:F2} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(inv,
            $"CPU during the timed flows: tool {toolCpu.TotalSeconds:F1} s ({toolCpu.TotalMilliseconds / settings.Flows:F2} ms per flow), " +
            $"load generator {clientCpu.TotalSeconds:F1} s ({clientCpu.TotalMilliseconds / settings.Flows:F2} ms per flow), " +
            $"other processes and hypervisor steal {Math.Max(0, otherBusy):F1} s, idle {machine.TotalSeconds - machine.BusySeconds:F1} s, of {machine.TotalSeconds:F1} s of {Environment.ProcessorCount} cores."));
    }

    private sealed record LoadSettings(int Flows, int Concurrency, int WarmupFlows, int Users, int Courses, string Environment, bool LandingPage, string ToolDll);

    private sealed class FlowFailedException(string message, Exception inner) : Exception(message, inner);
}
