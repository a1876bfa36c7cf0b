using LtiPd.LtiTool.Analytics;
using LtiPd.Gamification;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Cli;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Recognition;
using LtiPd.LtiTool.Records;
using LtiPd.LtiTool.Review;
using LtiPd.LtiTool.Services;
using LtiPd.Storage;
using LtiPd.TestSupport;
using LtiPd.XapiBridge.Lrs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// Runs admin commands through <see cref="ToolCommandLine.RunAsync"/> against a fresh test
/// database, with the same service registrations as <c>Program</c>.
/// </summary>
public sealed class CommandLineRunner : IAsyncDisposable
{
    private readonly IHost _host;

    private CommandLineRunner(TestDatabase database, IHost host)
    {
        Database = database;
        _host = host;
    }

    /// <summary>The database the commands write to.</summary>
    public TestDatabase Database { get; }

    /// <summary>The services the commands run with.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Builds the services over a new database; <paramref name="requireHttps"/> sets Lti:RequireHttps.</summary>
    public static async Task<CommandLineRunner> CreateAsync(bool requireHttps = true, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var database = await TestDatabase.CreateEmptyAsync(provider, TestContext.Current.CancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(database.ToStorageSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Lti:RequireHttps"] = requireHttps.ToString() });
        builder.Services.AddLtiPdStorage();
        builder.Services.AddLtiTool();
        builder.Services.AddEmbeddedLrs();
        builder.Services.AddGamification();
        builder.Services.AddPathways();
        builder.Services.AddSingleton<ProgressStore>();
        builder.Services.AddRecords();
        builder.Services.AddLtiServices();
        builder.Services.AddLeaderDashboards();
        builder.Services.AddEvidenceReview();
        builder.Services.AddRecognition();
        return new CommandLineRunner(database, builder.Build());
    }

    /// <summary>Runs one command line; returns its exit code and what it wrote to output and error.</summary>
    public async Task<CommandResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ToolCommandLine.RunAsync(args, Services, output, error);
        return new CommandResult(exitCode, output.ToString(), error.ToString());
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Database.DisposeAsync();
    }
}
