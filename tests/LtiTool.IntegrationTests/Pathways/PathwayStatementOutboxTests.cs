using System.Net;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pathways;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>The pathway-completed statement commits with its completion row and survives a crash after the commit.</summary>
public sealed class PathwayStatementOutboxTests
{
    private static readonly SqlText CountCompletions = SqlText.Portable(
        "SELECT COUNT(*) FROM pd_pathway_completions WHERE user_ref = @UserRef");

    private static readonly SqlText CountQueued = SqlText.Portable(
        "SELECT COUNT(*) FROM pd_statement_outbox WHERE user_ref = @UserRef");

    private static readonly SqlText SelectStatements = SqlText.Portable(
        "SELECT statement_json FROM lrs_statements WHERE tenant = @Tenant");

    private static readonly SqlText InsertModuleCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, 'other-module', 10, @CompletedAtMs)");

    private static readonly SqlText AgeQueued = SqlText.Portable(
        "UPDATE pd_statement_outbox SET created_at_ms = 0 WHERE user_ref = @UserRef");

    [Theory]
    [DatabaseData]
    public async Task Completion_OutboxWriteFails_RollsBackCompletion(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Outbox District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");

        // The module is done before the pathway exists, because the module step queues its own
        // statements in the same outbox and would roll back with it.
        using (var done = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var pathwayId = await PathwayPagesTests.SaveAsync(host, leader, "Outbox onboarding", ("assign_everyone", "on"));

        // The second write of the completion's transaction fails: the queued statement has no table to go to.
        await ExecuteAsync(host, "ALTER TABLE pd_statement_outbox RENAME TO pd_statement_outbox_away");
        using (var failed = await host.GetAsync(teacher, "/app/pathways/mine"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        await ExecuteAsync(host, "ALTER TABLE pd_statement_outbox_away RENAME TO pd_statement_outbox");
        Assert.Equal(0L, await ScalarAsync(host, CountCompletions, teacher.Session.UserId));
        Assert.Empty(await PathwayStatementsAsync(host, registration.DistrictId, pathwayId));

        var page = await host.GetPageAsync(teacher, "/app/pathways/mine");

        Assert.Equal("Done", page.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        Assert.Equal(1L, await ScalarAsync(host, CountCompletions, teacher.Session.UserId));
        Assert.Single(await PathwayStatementsAsync(host, registration.DistrictId, pathwayId));
        Assert.Equal(0L, await ScalarAsync(host, CountQueued, teacher.Session.UserId));
    }

    [Theory]
    [DatabaseData]
    public async Task Completion_CrashBeforeLrsWrite_StoredOnNextPage(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var (registration, teacher, pathwayId) = await BuildPathwayAsync(host);

        await CommitWithoutStoringAsync(host, registration.DistrictId, teacher, pathwayId);
        Assert.Empty(await PathwayStatementsAsync(host, registration.DistrictId, pathwayId));
        Assert.Equal(1L, await ScalarAsync(host, CountQueued, teacher.Session.UserId));

        var page = await host.GetPageAsync(teacher, "/app/pathways/mine");
        await host.GetPageAsync(teacher, "/app/pathways/mine");

        Assert.Equal("Done", page.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        Assert.Equal(1L, await ScalarAsync(host, CountCompletions, teacher.Session.UserId));
        Assert.Single(await PathwayStatementsAsync(host, registration.DistrictId, pathwayId));
        Assert.Equal(0L, await ScalarAsync(host, CountQueued, teacher.Session.UserId));
    }

    [Fact]
    public async Task Completion_CrashBeforeLrsWrite_StoredByWorker()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var (registration, teacher, pathwayId) = await BuildPathwayAsync(host);
        await CommitWithoutStoringAsync(host, registration.DistrictId, teacher, pathwayId);
        var worker = host.Services.GetRequiredService<StatementOutboxWorker>();

        var storedWhileFresh = await worker.StoreQueuedAsync(TestContext.Current.CancellationToken);
        await using (var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(host.Database.Command(AgeQueued, new { UserRef = teacher.Session.UserId }, TestContext.Current.CancellationToken));
        }

        var storedWhenOld = await worker.StoreQueuedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, storedWhileFresh);
        Assert.Equal(1, storedWhenOld);
        Assert.Single(await PathwayStatementsAsync(host, registration.DistrictId, pathwayId));
        Assert.Equal(0L, await ScalarAsync(host, CountQueued, teacher.Session.UserId));
    }

    /// <summary>Builds a pathway requiring other-module, assigned to everyone, and signs in a teacher.</summary>
    private static async Task<(Platforms.PlatformRegistration Registration, Catalog.Learner Teacher, string PathwayId)> BuildPathwayAsync(PathwaysHost host)
    {
        var registration = await host.RegisterAsync("Outbox District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var pathwayId = await PathwayPagesTests.SaveAsync(host, leader, "Outbox onboarding", ("assign_everyone", "on"));
        return (registration, teacher, pathwayId);
    }

    /// <summary>
    /// Leaves what a crash right after the commit leaves: the module and pathway completion rows
    /// and the queued statement, but nothing in the LRS.
    /// </summary>
    private static async Task CommitWithoutStoringAsync(PathwaysHost host, string districtId, Catalog.Learner teacher, string pathwayId)
    {
        var step = new LearningStep
        {
            RegistrationId = teacher.Session.RegistrationId,
            UserId = teacher.Session.UserId,
            ModuleId = "pathway:" + pathwayId,
            OccurredAt = DateTimeOffset.UtcNow,
        };
        var statement = await host.Services.GetRequiredService<XapiLearningEventSink>()
            .BuildPathwayCompletedAsync(step, pathwayId, "Outbox onboarding", 0, TestContext.Current.CancellationToken);
        Assert.NotNull(statement);

        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(host.Database.Command(InsertModuleCompletion, new
        {
            teacher.Session.RegistrationId, UserRef = teacher.Session.UserId, CompletedAtMs = step.OccurredAt.ToUnixTimeMilliseconds(),
        }, TestContext.Current.CancellationToken, transaction));
        Assert.True(await host.Services.GetRequiredService<PathwayStore>().TryRecordCompletionAsync(
            connection, transaction, districtId, pathwayId, teacher.Session.UserId, 0, step.OccurredAt, TestContext.Current.CancellationToken));
        await host.Services.GetRequiredService<StatementOutbox>().AddAsync(connection, transaction, statement, TestContext.Current.CancellationToken);
        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<List<string>> PathwayStatementsAsync(PathwaysHost host, string districtId, string pathwayId)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        var statements = await connection.QueryAsync<string>(host.Database.Command(SelectStatements, new { Tenant = districtId }, TestContext.Current.CancellationToken));
        return statements.Where(json => json.Contains($"/pathways/{pathwayId}\"", StringComparison.Ordinal)
            && json.Contains("\"http://adlnet.gov/expapi/verbs/completed\"", StringComparison.Ordinal)).ToList();
    }

    private static async Task<long> ScalarAsync(PathwaysHost host, SqlText sql, string userRef)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(host.Database.Command(sql, new { UserRef = userRef }, TestContext.Current.CancellationToken));
    }

    private static async Task ExecuteAsync(PathwaysHost host, string sql)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(host.Database.Command(SqlText.Portable(sql), null, TestContext.Current.CancellationToken));
    }
}
