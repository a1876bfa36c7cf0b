using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using LtiPd.Benchmarks.AnalyticsLoad;
using LtiPd.Benchmarks.ExportMemory;
using LtiPd.Benchmarks.GamificationLoad;
using LtiPd.Benchmarks.LaunchLoad;
using LtiPd.Benchmarks.LrsLoad;
using LtiPd.Benchmarks.PageLoad;
using LtiPd.Benchmarks.Validation;

// launch-load: the loopback load run of login -> launch flows against the real tool.
// analytics-load: the PD leader dashboard queries timed on a seeded SQLite district.
// lrs-load: the loopback load run of the embedded xAPI LRS, next to raw Dapper inserts and selects.
// page-load: server time of the dashboard, module, my-pathway and compliance pages with 10,000 teachers.
// export-memory: peak managed memory of the streaming statement export over 1,000,000 statements.
// gamification-load: engine statements/s against raw reads, and district leaderboard latency.
// validation: the BenchmarkDotNet comparison of id_token validation with raw RSA verification.
// validation-rate: the same operations timed in CPU-seconds, comparable with openssl speed.
// Anything else goes to BenchmarkDotNet's own command line (--list flat, --filter '*').
if (args.Length > 0 && args[0] == "launch-load")
{
    return await LaunchLoadCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "analytics-load")
{
    return await AnalyticsLoadCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "lrs-load")
{
    return await LrsLoadCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "page-load")
{
    return await PageLoadCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "export-memory")
{
    return await ExportMemoryCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "gamification-load")
{
    return await GamificationLoadCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "validation-rate")
{
    return ValidationRateCommand.Run(args[1..]);
}

// In-process: the benchmarks run in this Release build instead of a generated project, which
// central package management and lock files would make a second restore for.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
if (args.Length > 0 && args[0] == "validation")
{
    BenchmarkRunner.Run<IdTokenValidationBenchmarks>(config, args[1..]);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(IdTokenValidationBenchmarks).Assembly).Run(args, config);
return 0;
