using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Records;
using LtiPd.LtiTool.Review;
using LtiPd.Storage;
using LtiPd.TestSupport;
using LtiPd.XapiBridge.Export;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Records;

/// <summary><c>platform remove</c> taking the registration's evidence files and certificates with it, on each database.</summary>
public sealed class RegistrationRemovalTests
{
    // Random keys, because test hosts share the evidence folder under the test output.
    private readonly string _keptFileKey = Guid.NewGuid().ToString("N");
    private readonly string _removedFileKey = Guid.NewGuid().ToString("N");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Remove_Registration_DeletesEvidenceFilesAndRows(DatabaseProvider provider)
    {
        await using var cli = await CreateCliAsync(provider);
        var folder = cli.Services.GetRequiredService<EvidenceFileStore>().Folder;
        Directory.CreateDirectory(folder);
        await SeedAsync(cli.Database.Database, "reg-removed", _removedFileKey);
        await SeedAsync(cli.Database.Database, "reg-kept", _keptFileKey);
        await File.WriteAllTextAsync(Path.Combine(folder, _removedFileKey), "lesson plan", Token);
        await File.WriteAllTextAsync(Path.Combine(folder, _keptFileKey), "other lesson plan", Token);

        var result = await cli.RunAsync("platform", "remove", "reg-removed");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Removed registration reg-removed and 1 evidence files.\n", result.Output.ReplaceLineEndings("\n"));
        Assert.Equal("", result.Error);
        Assert.False(File.Exists(Path.Combine(folder, _removedFileKey)));
        Assert.True(File.Exists(Path.Combine(folder, _keptFileKey)));
        Assert.Equal(0, await CountAsync(cli.Database.Database, "SELECT COUNT(*) FROM evidence_revisions WHERE registration_id = 'reg-removed'"));
        Assert.Equal(0, await CountAsync(cli.Database.Database, "SELECT COUNT(*) FROM record_certificates WHERE registration_id = 'reg-removed'"));
        Assert.Equal(1, await CountAsync(cli.Database.Database, "SELECT COUNT(*) FROM evidence_revisions WHERE registration_id = 'reg-kept'"));
        Assert.Equal(1, await CountAsync(cli.Database.Database, "SELECT COUNT(*) FROM record_certificates WHERE registration_id = 'reg-kept'"));
        File.Delete(Path.Combine(folder, _keptFileKey));
    }

    [Fact]
    public async Task Remove_FileAlreadyGone_StillRemoves()
    {
        await using var cli = await CreateCliAsync(DatabaseProvider.Sqlite);
        await SeedAsync(cli.Database.Database, "reg-removed", _removedFileKey);

        var result = await cli.RunAsync("platform", "remove", "reg-removed");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(0, await CountAsync(cli.Database.Database, "SELECT COUNT(*) FROM platform_registrations WHERE id = 'reg-removed'"));
    }

    private static async Task<CommandLineRunner> CreateCliAsync(DatabaseProvider provider)
    {
        var cli = await CommandLineRunner.CreateAsync(provider: provider);
        await TestDatabase.CreateMigrator(cli.Database.Database,
        [
            typeof(Database).Assembly, typeof(PersonStatements).Assembly, typeof(GamificationKeys).Assembly, typeof(TranscriptService).Assembly,
        ]).MigrateAsync(Token);
        return cli;
    }

    /// <summary>Adds a registration with one teacher, one evidence revision naming <paramref name="fileKey"/> and one certificate.</summary>
    private static async Task SeedAsync(Database database, string registrationId, string fileKey)
    {
        string[] statements =
        [
            "INSERT INTO districts (id, name, created_at_ms) VALUES (@District, 'District', 0)",
            "INSERT INTO platform_registrations (id, district_id, issuer, client_id, auth_url, token_url, jwks_url, source, created_at_ms) " +
                "VALUES (@Id, @District, @Issuer, 'c', 'https://a/auth', 'https://a/token', 'https://a/jwks', 'test', 0)",
            "INSERT INTO lti_users (id, registration_id, subject, name, created_at_ms, last_launch_at_ms) VALUES (@User, @Id, 'sub', 'Ada', 0, 0)",
            "INSERT INTO evidence_submissions (id, registration_id, user_ref, module_id, activity_id, status, revision, first_submitted_at_ms, last_submitted_at_ms, updated_at_ms) " +
                "VALUES (@Submission, @Id, @User, 'm1', 'a1', 'Submitted', 1, 0, 0, 0)",
            "INSERT INTO evidence_revisions (submission_id, revision, registration_id, file_key, file_name, submitted_at_ms, statement_id) " +
                "VALUES (@Submission, 1, @Id, @FileKey, 'plan.pdf', 0, @Submission)",
            "INSERT INTO record_certificates (code, registration_id, user_ref, kind, subject_id, subject_title, credit_hours_hundredths, completed_at_ms, issued_at_ms) " +
                "VALUES (@Code, @Id, @User, 'Module', 'm1', 'Module one', 150, 0, 0)",
        ];
        var parameters = new
        {
            Id = registrationId,
            District = "district-" + registrationId,
            Issuer = $"https://{registrationId}.example.edu",
            User = "user-" + registrationId,
            Submission = "submission-" + registrationId,
            FileKey = fileKey,
            Code = "code-" + registrationId,
        };
        await using var connection = await database.OpenAsync(Token);
        foreach (var sql in statements)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: Token));
        }
    }

    private static async Task<long> CountAsync(Database database, string sql)
    {
        await using var connection = await database.OpenAsync(Token);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: Token));
    }
}
