using System.Reflection;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Statements;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.Gamification.Tests;

public sealed class GamificationServiceCollectionExtensionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddGamification_WithStorage_ProcessesStatements()
    {
        var folder = Directory.CreateTempSubdirectory("ltipd-gamification-di-");
        try
        {
            await using var provider = BuildProvider(folder.FullName, new Dictionary<string, string?>());
            await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(Token);
            var engine = provider.GetRequiredService<GamificationEngine>();

            await engine.RunOnceAsync(new ListStatementSource([new StatementJson().Parse()]), Token);
            var board = await provider.GetRequiredService<LeaderboardService>()
                .GetTopAsync(StatementJson.DistrictId, LeaderboardScope.District, null, LeaderboardPeriod.AllTime, 5, Token);

            Assert.Equal(10, Assert.Single(board.Value!).Points);
            Assert.Contains(provider.GetServices<IHostedService>(), service => service.GetType().Name == "GamificationWorker");
            Assert.Contains(provider.GetServices<IHostedService>(), service => service.GetType().Name == "ChallengeDecisionWorker");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Worker_SourceReportsCommit_ProcessesBeforeNextPoll()
    {
        var folder = Directory.CreateTempSubdirectory("ltipd-gamification-push-");
        try
        {
            // The clock never moves, so the poll interval never ends: only the commit report can
            // wake the worker. The linger runs on the same clock, so it is off here
            // (GamificationWorkerTests moves the clock through it).
            var source = new NotifyingStatementSource();
            await using var provider = BuildProvider(folder.FullName, new Dictionary<string, string?> { ["Gamification:WakeLingerMilliseconds"] = "0" }, services =>
            {
                services.AddSingleton<TimeProvider>(EngineFactory.Clock());
                services.AddSingleton<IStatementSource>(source);
            });
            await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(Token);
            var worker = provider.GetServices<IHostedService>().Single(service => service.GetType().Name == "GamificationWorker");
            var engine = provider.GetRequiredService<GamificationEngine>();

            await worker.StartAsync(Token);
            await source.Waiting.Task.WaitAsync(Token);
            source.Commit(new StatementJson().Parse());
            while ((await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token)).Count == 0)
            {
                await Task.Delay(20, Token);
            }

            await worker.StopAsync(Token);
            Assert.Equal(10, Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token)).Points);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Gamification:BatchSize", "0", "Gamification:BatchSize 0")]
    [InlineData("Gamification:PollIntervalSeconds", "7200", "Gamification:PollIntervalSeconds 7200")]
    [InlineData("Gamification:WakeLingerMilliseconds", "-1", "Gamification:WakeLingerMilliseconds -1")]
    public async Task AddGamification_InvalidOption_FailsNamingSetting(string key, string value, string expected)
    {
        await using var provider = BuildProvider(Path.GetTempPath(), new Dictionary<string, string?> { [key] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GamificationOptions>>().Value);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoggerMessages_EventIds_AreUniqueInRange()
    {
        var ids = typeof(GamificationEngine).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(attribute => attribute.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 3000, 3999));
    }

    private static ServiceProvider BuildProvider(string contentRoot, Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        settings["Storage:DataDirectory"] = Path.Combine(contentRoot, "data");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(contentRoot));
        services.AddLogging();
        services.AddLtiPdStorage();
        services.AddGamification();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";

        public string ApplicationName { get; set; } = "LtiPd.Gamification.Tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
