using System.Text.Json.Nodes;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>The <c>export statements</c> admin command on a real SQLite file.</summary>
public sealed class ExportCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExportStatements_Csv_WritesDistrictRowsOnly()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        await MigrateWithDistrictsAsync(cli);
        var lrs = cli.Services.GetRequiredService<EmbeddedLrsClient>();
        var kept = await StoreAsync(lrs, "district-a");
        await StoreAsync(lrs, "district-b");
        var file = Path.Combine(Path.GetDirectoryName(cli.Database.Name)!, "export.csv");

        var result = await cli.RunAsync("export", "statements", "--district", "district-a", "--format", "csv", "--output", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Exported 1 statements to {file}.\n", result.Output.ReplaceLineEndings("\n"));
        var records = (await File.ReadAllTextAsync(file, Token)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, records.Length);
        Assert.StartsWith(kept + ",", records[1], StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task ExportStatements_BadSince_RejectedNamingOption()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        var file = Path.Combine(Path.GetDirectoryName(cli.Database.Name)!, "export.ndjson");

        var result = await cli.RunAsync("export", "statements", "--district", "district-a", "--since", "last week", "--output", file);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("--since 'last week' is not an ISO 8601 timestamp", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task ExportStatements_MissingFolder_RejectedNamingPath()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        await MigrateWithDistrictsAsync(cli);
        var folder = Path.Combine(Path.GetDirectoryName(cli.Database.Name)!, "missing-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "export.csv");

        var result = await cli.RunAsync("export", "statements", "--district", "district-a", "--format", "csv", "--output", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"--output '{file}' is in a folder that does not exist ({folder}). Create the folder or choose another path.\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Empty(result.Output);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task ExportStatements_UnknownDistrict_ExitsTwoNamingIt()
    {
        await using var cli = await CommandLineRunner.CreateAsync();
        await MigrateWithDistrictsAsync(cli);
        var file = Path.Combine(Path.GetDirectoryName(cli.Database.Name)!, "export.ndjson");

        var result = await cli.RunAsync("export", "statements", "--district", "d_nowhere", "--output", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No district has id 'd_nowhere'", result.Error, StringComparison.Ordinal);
        Assert.Contains("platform list", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(file));
    }

    private static async Task MigrateWithDistrictsAsync(CommandLineRunner cli)
    {
        await cli.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(Token);
        var database = cli.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(Token);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO districts (id, name, created_at_ms) VALUES ('district-a', 'District A', 0), ('district-b', 'District B', 0)", cancellationToken: Token));
    }

    private static async Task<string> StoreAsync(EmbeddedLrsClient lrs, string district)
    {
        var id = Guid.NewGuid().ToString("D");
        var statement = new JsonObject
        {
            ["id"] = id,
            ["actor"] = new JsonObject { ["account"] = new JsonObject { ["homePage"] = "https://lms.example.edu", ["name"] = "u1" } },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed" },
            ["object"] = new JsonObject { ["id"] = "https://pd.example.edu/modules/m1" },
        };
        var stored = await lrs.StoreStatementsAsync(district, statement, Token);
        Assert.True(stored.Succeeded);
        return id;
    }
}
