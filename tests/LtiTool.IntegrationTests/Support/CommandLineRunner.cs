using System.Text.RegularExpressions;
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
public sealed partial class CommandLineRunner : IAsyncDisposable
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

    /// <summary>
    /// Registers a platform with <c>platform add</c> for a new district named
    /// <paramref name="districtName"/> and returns the district id the command printed.
    /// </summary>
    public async Task<string> AddDistrictAsync(string clientId, string districtName)
    {
        var added = await RunAsync(
            "platform", "add", "--issuer", "https://lms.district.example.org", "--client-id", clientId, "--deployment-id", "7",
            "--auth-url", "https://lms.district.example.org/auth", "--token-url", "https://lms.district.example.org/token",
            "--jwks-url", "https://lms.district.example.org/jwks", "--district", districtName);
        Assert.True(added.ExitCode == 0, added.Output + added.Error);
        var district = DistrictPattern().Match(added.Output).Groups["district"].Value;
        Assert.NotEqual("", district);
        return district;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Database.DisposeAsync();
    }

    [GeneratedRegex(@"for district (?<district>d_[0-9a-f]{24})\.")]
    private static partial Regex DistrictPattern();
}
