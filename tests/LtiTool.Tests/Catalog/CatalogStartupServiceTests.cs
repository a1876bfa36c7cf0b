using LtiPd.LtiTool.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Tests.Catalog;

public sealed class CatalogStartupServiceTests
{
    private static readonly string BrokenCatalog = Path.Combine(AppContext.BaseDirectory, "Catalog", "Fixtures", "broken");

    [Fact]
    public async Task Start_BrokenCatalog_LogsEachProblem()
    {
        var catalog = new ModuleCatalog();
        var logger = new CapturingLogger();
        var service = new CatalogStartupService(catalog, new CatalogLoader(new SafeHtml()), Options.Create(new CatalogOptions { Path = BrokenCatalog }), logger);

        await service.StartAsync(TestContext.Current.CancellationToken);

        var problems = logger.Entries.Where(entry => entry.EventId == 1601).ToList();
        Assert.Equal(catalog.Problems.Count, problems.Count);
        Assert.All(problems, entry => Assert.Equal(LogLevel.Warning, entry.Level));
        Assert.Contains(problems, entry => entry.Message == "Catalog file bad-quiz/01-quiz.md, field masteryPercent: 150 is out of range; use a number from 1 to 100.");
        Assert.Equal(9, logger.Entries.Count(entry => entry.EventId == 1602));
        Assert.Equal(["good-module", "json-module"], catalog.Modules.Select(module => module.Id));
        Assert.Single(logger.Entries, entry => entry.EventId == 1603);
    }

    [Fact]
    public async Task Start_MissingFolder_Throws()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ltipd-no-catalog-" + Guid.NewGuid().ToString("N"));
        var service = new CatalogStartupService(new ModuleCatalog(), new CatalogLoader(new SafeHtml()), Options.Create(new CatalogOptions { Path = missing }), new CapturingLogger());

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => service.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"The PD catalog folder '{missing}' was not found. Set Catalog:Path to the folder that contains the module folders.", exception.Message);
    }

    private sealed class CapturingLogger : ILogger<CatalogStartupService>
    {
        public List<(int EventId, LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId.Id, logLevel, formatter(state, exception)));
    }
}
