using System.Net;
using System.Text.Json;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Pathways;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Learning;

/// <summary>
/// A learner step and its statement commit together: when the embedded LRS cannot store the
/// statement the step is kept with its statement queued, and when the statement cannot be queued
/// the step rolls back. Either way the LRS ends up with the statement exactly once.
/// </summary>
public sealed class LearnerStepOutboxTests
{
    private const string IntroDone = "/app/modules/other-module/activities/intro/done";

    private static readonly SqlText SelectQueued = SqlText.Portable(
        "SELECT statement_id AS StatementId, verb AS Verb FROM pd_statement_outbox WHERE user_ref = @UserRef ORDER BY created_at_ms, statement_id");

    private static readonly SqlText SelectStatements = SqlText.Portable(
        "SELECT statement_json FROM lrs_statements WHERE tenant = @Tenant");

    [Theory]
    [DatabaseData]
    public async Task Step_LrsStoreFails_KeptQueuedThenDelivered(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Step Outbox " + Guid.NewGuid().ToString("N"));
        var teacher = await host.SignInAsync(registration, "Tia Teacher");

        // The LRS store fails: its statements table is gone while the step is posted.
        await ExecuteAsync(host, "ALTER TABLE lrs_statements RENAME TO lrs_statements_away");
        using (var done = await host.PostAsync(teacher, IntroDone, []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        await ExecuteAsync(host, "ALTER TABLE lrs_statements_away RENAME TO lrs_statements");
        var progress = await host.Services.GetRequiredService<ProgressStore>()
            .ListForModuleAsync(teacher.Session.RegistrationId, teacher.Session.UserId, "other-module", TestContext.Current.CancellationToken);
        Assert.Equal(ActivityStatus.Done, Assert.Single(progress).Status);
        var queued = await QueuedAsync(host, teacher.Session.UserId);
        Assert.Equal([nameof(LearningEventVerb.Completed), nameof(LearningEventVerb.Experienced)], queued.Select(row => row.Verb).Order(StringComparer.Ordinal).ToList());
        Assert.Empty(await StatementsWithIdsAsync(host, registration.DistrictId, queued));

        // The learner's next step stores the statements the failure left queued.
        await host.GetPageAsync(teacher, "/app/modules/other-module");

        Assert.Empty(await QueuedAsync(host, teacher.Session.UserId));
        var stored = await StatementsWithIdsAsync(host, registration.DistrictId, queued);
        Assert.Equal(2, stored.Count);
        Assert.Single(stored, json => json.Contains("\"http://adlnet.gov/expapi/verbs/experienced\"", StringComparison.Ordinal));
        Assert.Single(stored, json => json.Contains("\"http://adlnet.gov/expapi/verbs/completed\"", StringComparison.Ordinal));
    }

    [Theory]
    [DatabaseData]
    public async Task Step_OutboxWriteFails_RollsBackStep(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Step Rollback " + Guid.NewGuid().ToString("N"));
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var progressStore = host.Services.GetRequiredService<ProgressStore>();

        // The statement cannot be queued: its table is gone, so the step's transaction fails.
        await ExecuteAsync(host, "ALTER TABLE pd_statement_outbox RENAME TO pd_statement_outbox_away");
        using (var failed = await host.PostAsync(teacher, IntroDone, []))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        await ExecuteAsync(host, "ALTER TABLE pd_statement_outbox_away RENAME TO pd_statement_outbox");
        Assert.Empty(await progressStore.ListForModuleAsync(teacher.Session.RegistrationId, teacher.Session.UserId, "other-module", TestContext.Current.CancellationToken));
        Assert.Empty(await progressStore.ListCompletionsAsync(teacher.Session.RegistrationId, teacher.Session.UserId, TestContext.Current.CancellationToken));
        Assert.DoesNotContain(await StatementsAsync(host, registration.DistrictId), json => json.Contains("\"http://adlnet.gov/expapi/verbs/experienced\"", StringComparison.Ordinal));

        using (var done = await host.PostAsync(teacher, IntroDone, []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var record = Assert.Single(await progressStore.ListForModuleAsync(teacher.Session.RegistrationId, teacher.Session.UserId, "other-module", TestContext.Current.CancellationToken));
        Assert.Equal((ActivityStatus.Done, 1), (record.Status, record.Attempts));
        Assert.Single(await StatementsAsync(host, registration.DistrictId), json => json.Contains("\"http://adlnet.gov/expapi/verbs/experienced\"", StringComparison.Ordinal));
        Assert.Empty(await QueuedAsync(host, teacher.Session.UserId));
    }

    private static async Task<List<QueuedRow>> QueuedAsync(PathwaysHost host, string userRef)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<QueuedRow>(host.Database.Command(SelectQueued, new { UserRef = userRef }, TestContext.Current.CancellationToken))).ToList();
    }

    private static async Task<List<string>> StatementsAsync(PathwaysHost host, string districtId)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<string>(host.Database.Command(SelectStatements, new { Tenant = districtId }, TestContext.Current.CancellationToken))).ToList();
    }

    /// <summary>Returns the stored statements whose own id is one of the queued ids; award statements that only refer to them are left out.</summary>
    private static async Task<List<string>> StatementsWithIdsAsync(PathwaysHost host, string districtId, IReadOnlyList<QueuedRow> queued) =>
        (await StatementsAsync(host, districtId))
            .Where(json => queued.Any(row => string.Equals(JsonDocument.Parse(json).RootElement.GetProperty("id").GetString(), row.StatementId, StringComparison.OrdinalIgnoreCase)))
            .ToList();

    private static async Task ExecuteAsync(PathwaysHost host, string sql)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(host.Database.Command(SqlText.Portable(sql), null, TestContext.Current.CancellationToken));
    }

    private sealed record QueuedRow(string StatementId, string Verb);
}
