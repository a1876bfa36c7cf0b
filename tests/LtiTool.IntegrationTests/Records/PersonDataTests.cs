using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Records;
using LtiPd.LtiTool.Records.Privacy;
using LtiPd.Storage;
using LtiPd.TestSupport;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Validation;
using LtiPd.XapiBridge.Lrs.Statements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LtiPd.LtiTool.IntegrationTests.Records;

/// <summary>Personal-data export and deletion on each database, through the service and the <c>privacy</c> commands.</summary>
public sealed class PersonDataTests
{
    private const string DistrictA = "district-a";
    private const string DistrictB = "district-b";
    private const string IssuerA = "https://lms-a.example.edu";
    private const string IssuerB = "https://lms-b.example.edu";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Erase_Person_RedactsStatementsAndRemovesRowsWithAudit(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var person = (await world.People.FindAsync(DistrictA, "reg-a", "sub-ada", Token))!;

        var counts = await world.People.EraseAsync(person, "admin-test", Token);

        Assert.Equal((2, 1, 0, 1, 1, 0, 0), (counts.StatementsRedacted, counts.LedgerRowsRemoved, counts.GamificationRowsRemoved,
            counts.ProgressRowsRemoved, counts.CompletionsRemoved, counts.CertificatesRevoked, counts.SessionsRemoved));
        Assert.Null(counts.Forwarding.LrsEndpoint);
        Assert.Equal(0, counts.Forwarding.VoidingStatementsQueued);
        var statements = await world.QueryAsync<(string Json, long Voided)>(
            "SELECT statement_json AS Json, voided AS Voided FROM lrs_statements WHERE tenant = @Tenant ORDER BY seq", new { Tenant = DistrictA });
        Assert.Equal(3, statements.Count);
        var erased = statements.Take(2).Select(row => JsonNode.Parse(row.Json)!).ToList();
        Assert.All(statements.Take(2), row => Assert.Equal(1, row.Voided));
        Assert.All(erased, statement => Assert.Equal(PersonStatements.RedactedHomePage, statement["actor"]!["account"]!["homePage"]!.GetValue<string>()));
        Assert.Equal(erased[0]["actor"]!["account"]!["name"]!.GetValue<string>(), erased[1]["actor"]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal(PersonStatements.RedactedText, erased[1]["result"]!["response"]!.GetValue<string>());
        Assert.DoesNotContain("sub-ada", statements[0].Json + statements[1].Json, StringComparison.Ordinal);
        Assert.Equal(0, statements[2].Voided);
        Assert.Contains("sub-grace", statements[2].Json, StringComparison.Ordinal);
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM lrs_index_values WHERE value_hash = @Hash", new { Hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(PersonStatements.AccountKey(IssuerA, "sub-ada")))) }));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM gamification_ledger WHERE user_id = @Id", new { Id = GamificationKeys.UserId(IssuerA, "sub-ada") }));
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM gamification_ledger WHERE user_id = @Id", new { Id = GamificationKeys.UserId(IssuerA, "sub-grace") }));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM catalog_progress WHERE user_ref = 'user-ada'", null));
        Assert.Equal(["sub-grace"], await world.QueryAsync<string>("SELECT subject FROM live_session_attendees", null));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM lti_users WHERE id = 'user-ada' AND name IS NOT NULL", null));
        var audit = Assert.Single(await world.QueryAsync<(string Action, string Actor, string UserRef, string Counts)>(
            "SELECT action AS Action, actor AS Actor, subject_user_ref AS UserRef, counts_json AS Counts FROM privacy_audit", null));
        Assert.Equal(("Delete", "admin-test", "user-ada"), (audit.Action, audit.Actor, audit.UserRef));
        Assert.Equal(2, JsonNode.Parse(audit.Counts)!["StatementsRedacted"]!.GetValue<int>());
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Erase_ForwardedDistrict_QueuesVoidingAndAuditsIt(DatabaseProvider provider)
    {
        var forwarding = new XapiForwardingOptions();
        forwarding.Districts[DistrictA] = new DistrictLrsOptions { Endpoint = new Uri("https://lrs.district-a.example/xapi/") };
        await using var world = await World.CreateAsync(provider, forwarding);
        var person = (await world.People.FindAsync(DistrictA, "reg-a", "sub-ada", Token))!;
        var adaIds = await world.QueryAsync<string>(
            "SELECT statement_id FROM lrs_statements WHERE tenant = @Tenant AND statement_json LIKE '%sub-ada%' ORDER BY seq", new { Tenant = DistrictA });

        var counts = await world.People.EraseAsync(person, "admin-test", Token);

        Assert.Equal("https://lrs.district-a.example/xapi/", counts.Forwarding.LrsEndpoint);
        Assert.Equal(2, counts.Forwarding.VoidingStatementsQueued);
        Assert.Equal(adaIds, counts.Forwarding.VoidedStatementIds);
        var queued = (await world.QueryAsync<string>(
            "SELECT statement_json FROM xapi_outbox WHERE district_id = @DistrictId ORDER BY id", new { DistrictId = DistrictA }))
            .Select(json => JsonNode.Parse(json)!).ToList();
        Assert.Equal(2, queued.Count);
        Assert.All(queued, statement => Assert.Equal("http://adlnet.gov/expapi/verbs/voided", statement["verb"]!["id"]!.GetValue<string>()));
        Assert.Equal(adaIds, queued.Select(statement => statement["object"]!["id"]!.GetValue<string>()));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM xapi_outbox WHERE district_id = @DistrictId", new { DistrictId = DistrictB }));
        var audit = JsonNode.Parse((await world.ScalarAsync("SELECT counts_json FROM privacy_audit", null))!)!;
        Assert.Equal("https://lrs.district-a.example/xapi/", audit["Forwarding"]!["LrsEndpoint"]!.GetValue<string>());
        Assert.Equal(2, audit["Forwarding"]!["VoidingStatementsQueued"]!.GetValue<int>());
        Assert.Equal(adaIds, audit["Forwarding"]!["VoidedStatementIds"]!.AsArray().Select(id => id!.GetValue<string>()));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Export_Person_AllSectionsWithoutEvaluationWording(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);
        var person = (await world.People.FindAsync(DistrictA, "reg-a", "sub-ada", Token))!;
        using var output = new MemoryStream();

        await world.People.ExportAsync(person, "admin-test", output, Token);

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        var export = JsonNode.Parse(text)!;
        Assert.Equal("ltipd-personal-data", export["export"]!.GetValue<string>());
        Assert.Equal("Ada Teacher", export["account"]!["Name"]!.GetValue<string>());
        Assert.Equal(2, export["statements"]!.AsArray().Count);
        Assert.Single(export["engagementPoints"]!.AsArray());
        Assert.Single(export["moduleProgress"]!.AsArray());
        Assert.Single(export["moduleCompletions"]!.AsArray());
        Assert.DoesNotContain("sub-grace", text, StringComparison.Ordinal);
        Assert.DoesNotContain("evaluation data", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("performance", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Export", await world.ScalarAsync("SELECT action FROM privacy_audit", null));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Find_PersonOfOtherDistrict_NotFound(DatabaseProvider provider)
    {
        await using var world = await World.CreateAsync(provider);

        var fromB = await world.People.FindAsync(DistrictB, "reg-a", "sub-ada", Token);
        var fromA = await world.People.FindAsync(DistrictA, "reg-b", "sub-bo", Token);

        Assert.Null(fromB);
        Assert.Null(fromA);
    }

    [Fact]
    public async Task DeleteCommand_OtherDistrict_RejectedAndNothingChanged()
    {
        await using var world = await World.CreateAsync(DatabaseProvider.Sqlite);

        var result = await world.Cli.RunAsync("privacy", "delete", "--district", DistrictB, "--registration", "reg-a", "--subject", "sub-ada", "--yes");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("No user with subject 'sub-ada' on registration 'reg-a' of district 'district-b'", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM lrs_statements WHERE voided = 1", null));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM privacy_audit", null));
    }

    [Fact]
    public async Task DeleteCommand_WithoutYes_Rejected()
    {
        await using var world = await World.CreateAsync(DatabaseProvider.Sqlite);

        var result = await world.Cli.RunAsync("privacy", "delete", "--district", DistrictA, "--registration", "reg-a", "--subject", "sub-ada");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("--yes is missing", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, await world.CountAsync("SELECT COUNT(*) FROM catalog_progress WHERE user_ref = 'user-ada'", null));
    }

    [Fact]
    public async Task ExportCommand_MissingFolder_RejectedNamingPath()
    {
        await using var world = await World.CreateAsync(DatabaseProvider.Sqlite);
        var folder = Path.Combine(Path.GetDirectoryName(world.Cli.Database.Name)!, "missing-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "ada.json");

        var result = await world.Cli.RunAsync("privacy", "export", "--district", DistrictA, "--registration", "reg-a", "--subject", "sub-ada", "--output", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"--output '{file}' is in a folder that does not exist ({folder}). Create the folder or choose another path.\n", result.Error.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(folder));
        Assert.Equal(0, await world.CountAsync("SELECT COUNT(*) FROM privacy_audit", null));
    }

    [Fact]
    public async Task Commands_ExportThenDelete_WriteFileAndAudit()
    {
        await using var world = await World.CreateAsync(DatabaseProvider.Sqlite);
        var file = Path.Combine(Path.GetDirectoryName(world.Cli.Database.Name)!, "ada.json");

        var exported = await world.Cli.RunAsync("privacy", "export", "--district", DistrictA, "--registration", "reg-a", "--subject", "sub-ada", "--output", file);
        var deleted = await world.Cli.RunAsync("privacy", "delete", "--district", DistrictA, "--registration", "reg-a", "--subject", "sub-ada", "--yes");

        Assert.Equal(0, exported.ExitCode);
        Assert.Equal(2, JsonNode.Parse(await File.ReadAllTextAsync(file, Token))!["statements"]!.AsArray().Count);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains("\"StatementsRedacted\":2", deleted.Output, StringComparison.Ordinal);
        Assert.Equal(["Delete", "Export"], await world.QueryAsync<string>("SELECT action FROM privacy_audit ORDER BY action", null));
    }

    /// <summary>
    /// Two districts on one database: Ada and Grace in A (Ada with two statements, one with a
    /// free-text response, a ledger row, progress and a completion; Grace with one statement and
    /// a ledger row), and Bo in B.
    /// </summary>
    private sealed class World : IAsyncDisposable
    {
        private World(CommandLineRunner cli, PersonDataService people)
        {
            Cli = cli;
            People = people;
        }

        public CommandLineRunner Cli { get; }

        public PersonDataService People { get; }

        private Database Database => Cli.Database.Database;

        public static async Task<World> CreateAsync(DatabaseProvider provider, XapiForwardingOptions? forwarding = null)
        {
            var cli = await CommandLineRunner.CreateAsync(provider: provider);
            var database = cli.Database.Database;
            await TestDatabase.CreateMigrator(database,
            [
                typeof(Database).Assembly, typeof(PersonStatements).Assembly, typeof(GamificationKeys).Assembly, typeof(TranscriptService).Assembly,
            ]).MigrateAsync(Token);
            var time = TimeProvider.System;
            var monitor = new FixedOptionsMonitor<XapiForwardingOptions>(forwarding ?? new XapiForwardingOptions());
            var eraser = new ForwardedStatementEraser(database, new XapiOutbox(database, new StatementValidator(), monitor, time), monitor, time);
            var people = new PersonDataService(database, new ProgressStore(database, time), cli.Services.GetRequiredService<PersonStatements>(),
                new CertificateStore(database, time), eraser, time, NullLogger<PersonDataService>.Instance);
            var world = new World(cli, people);
            await world.SeedAsync();
            return world;
        }

        public async Task<List<T>> QueryAsync<T>(string sql, object? parameters)
        {
            await using var connection = await Database.OpenAsync(Token);
            return (await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: Token))).AsList();
        }

        public async Task<long> CountAsync(string sql, object? parameters)
        {
            await using var connection = await Database.OpenAsync(Token);
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, parameters, cancellationToken: Token));
        }

        public async Task<string?> ScalarAsync(string sql, object? parameters)
        {
            await using var connection = await Database.OpenAsync(Token);
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, parameters, cancellationToken: Token));
        }

        public ValueTask DisposeAsync() => Cli.DisposeAsync();

        private async Task SeedAsync()
        {
            await ExecuteAsync(
                "INSERT INTO districts (id, name, created_at_ms) VALUES ('district-a', 'District A', 0), ('district-b', 'District B', 0)");
            await ExecuteAsync(
                "INSERT INTO platform_registrations (id, district_id, issuer, client_id, auth_url, token_url, jwks_url, source, created_at_ms) VALUES " +
                $"('reg-a', 'district-a', '{IssuerA}', 'c', 'https://a/auth', 'https://a/token', 'https://a/jwks', 'test', 0), " +
                $"('reg-b', 'district-b', '{IssuerB}', 'c', 'https://b/auth', 'https://b/token', 'https://b/jwks', 'test', 0)");
            await ExecuteAsync(
                "INSERT INTO lti_users (id, registration_id, subject, name, created_at_ms, last_launch_at_ms) VALUES " +
                "('user-ada', 'reg-a', 'sub-ada', 'Ada Teacher', 0, 0), ('user-grace', 'reg-a', 'sub-grace', 'Grace Teacher', 0, 0), ('user-bo', 'reg-b', 'sub-bo', 'Bo Teacher', 0, 0)");
            await ExecuteAsync(
                "INSERT INTO catalog_progress (registration_id, user_ref, module_id, activity_id, status, attempts, updated_at_ms) VALUES ('reg-a', 'user-ada', 'm1', 'a1', 'Done', 1, 0)");
            await ExecuteAsync(
                "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) VALUES ('reg-a', 'user-ada', 'm1', 10, 0)");
            await ExecuteAsync(
                "INSERT INTO gamification_ledger (tenant_id, award_key, user_id, rule_key, item_id, points, status, capped, reason, local_day, awarded_at_ms, position, recorded_at_ms) VALUES " +
                $"('district-a', 'k1', '{GamificationKeys.UserId(IssuerA, "sub-ada")}', 'r', 'i', 10, 'Awarded', 0, 'completed', 0, 0, 1, 0), " +
                $"('district-a', 'k2', '{GamificationKeys.UserId(IssuerA, "sub-grace")}', 'r', 'i', 10, 'Awarded', 0, 'completed', 0, 0, 2, 0)");
            await ExecuteAsync(
                "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, created_at_ms, updated_at_ms) VALUES ('ctx-a', 'reg-a', 'dep', 'course-a', 0, 0)");
            await ExecuteAsync(
                "INSERT INTO live_sessions (id, registration_id, context_ref, title, held_on, recorded_by, recorded_at_ms) VALUES ('live-a', 'reg-a', 'ctx-a', 'Workshop', '2026-11-30', 'user-lead', 0)");
            await ExecuteAsync(
                "INSERT INTO live_session_attendees (session_id, subject, statement_id) VALUES ('live-a', 'sub-ada', 's1'), ('live-a', 'sub-grace', 's2')");

            var lrs = Cli.Services.GetRequiredService<EmbeddedLrsClient>();
            await StoreAsync(lrs, DistrictA, IssuerA, "sub-ada", response: null);
            await StoreAsync(lrs, DistrictA, IssuerA, "sub-ada", response: "My class struggled with the second strategy.");
            await StoreAsync(lrs, DistrictA, IssuerA, "sub-grace", response: null);
            await StoreAsync(lrs, DistrictB, IssuerB, "sub-bo", response: null);
        }

        private async Task ExecuteAsync(string sql)
        {
            await using var connection = await Database.OpenAsync(Token);
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: Token));
        }

        private static async Task StoreAsync(EmbeddedLrsClient lrs, string district, string issuer, string subject, string? response)
        {
            var statement = new JsonObject
            {
                ["actor"] = new JsonObject { ["account"] = new JsonObject { ["homePage"] = issuer, ["name"] = subject } },
                ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/answered" },
                ["object"] = new JsonObject { ["id"] = "https://pd.example.edu/modules/m1/questions/q1" },
            };
            if (response is not null)
            {
                statement["result"] = new JsonObject { ["response"] = response };
            }

            Assert.True((await lrs.StoreStatementsAsync(district, statement, Token)).Succeeded);
        }
    }
}
