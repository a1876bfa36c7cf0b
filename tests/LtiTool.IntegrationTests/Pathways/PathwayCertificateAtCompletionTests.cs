using System.Net;
using Dapper;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>A pathway's certificate is issued in the transaction that records its completion, not when the records are first read.</summary>
public sealed class PathwayCertificateAtCompletionTests
{
    private static readonly SqlText SelectCertificates = SqlText.Portable(
        "SELECT c.code AS Code, c.kind AS Kind, c.subject_id AS SubjectId, c.credit_hours_hundredths AS Hundredths, c.completed_at_ms AS CompletedAtMs, " +
        "c.holder_name AS HolderName, p.completed_at_ms AS PathwayCompletedAtMs FROM record_certificates c " +
        "LEFT JOIN pd_pathway_completions p ON p.user_ref = c.user_ref WHERE c.user_ref = @UserRef");

    private static readonly SqlText CountCompletions = SqlText.Portable(
        "SELECT COUNT(*) FROM pd_pathway_completions WHERE user_ref = @UserRef");

    [Theory]
    [DatabaseData]
    public async Task Completion_PathwayPage_IssuesCertificateBeforeRecordsRead(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var (teacher, pathwayId) = await BuildPathwayAsync(host);
        await CompleteModuleAsync(host, teacher);

        var page = await host.GetPageAsync(teacher, "/app/pathways/mine");

        Assert.Equal("Done", page.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        var certificate = Assert.Single(await CertificatesAsync(host, teacher));
        Assert.Equal("Pathway", certificate.Kind);
        Assert.Equal(pathwayId + "@0", certificate.SubjectId);
        Assert.Equal(50L, certificate.Hundredths);
        Assert.Equal(certificate.PathwayCompletedAtMs, certificate.CompletedAtMs);
        Assert.Equal("Tia Teacher", certificate.HolderName);

        using var records = await host.GetAsync(teacher, "/app/records");
        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        Assert.Equal(certificate, Assert.Single(await CertificatesAsync(host, teacher)));
    }

    [Theory]
    [DatabaseData]
    public async Task Completion_CertificateWriteFails_RollsBackCompletion(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var (teacher, _) = await BuildPathwayAsync(host);

        // The certificate has no table to go to, so the completion written before it rolls back.
        // The module step that completes the pathway still succeeds.
        await ExecuteAsync(host, "ALTER TABLE record_certificates RENAME TO record_certificates_away");
        await CompleteModuleAsync(host, teacher);
        using (var failed = await host.GetAsync(teacher, "/app/pathways/mine"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        await ExecuteAsync(host, "ALTER TABLE record_certificates_away RENAME TO record_certificates");
        Assert.Equal(0L, await CountAsync(host, teacher));

        var page = await host.GetPageAsync(teacher, "/app/pathways/mine");

        Assert.Equal("Done", page.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        Assert.Equal(1L, await CountAsync(host, teacher));
        Assert.Single(await CertificatesAsync(host, teacher));
    }

    private static async Task<(Catalog.Learner Teacher, string PathwayId)> BuildPathwayAsync(PathwaysHost host)
    {
        var registration = await host.RegisterAsync("Certificate District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var pathwayId = await PathwayPagesTests.SaveAsync(host, leader, "Certificate onboarding", ("assign_everyone", "on"));
        return (teacher, pathwayId);
    }

    private static async Task CompleteModuleAsync(PathwaysHost host, Catalog.Learner teacher)
    {
        using var done = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
    }

    private static async Task<List<CertificateRow>> CertificatesAsync(PathwaysHost host, Catalog.Learner teacher)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<CertificateRow>(host.Database.Command(SelectCertificates, new { UserRef = teacher.Session.UserId }, TestContext.Current.CancellationToken));
        return rows.ToList();
    }

    private static async Task<long> CountAsync(PathwaysHost host, Catalog.Learner teacher)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(host.Database.Command(CountCompletions, new { UserRef = teacher.Session.UserId }, TestContext.Current.CancellationToken));
    }

    private static async Task ExecuteAsync(PathwaysHost host, string sql)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(host.Database.Command(SqlText.Portable(sql), null, TestContext.Current.CancellationToken));
    }

    private sealed record CertificateRow
    {
        public string Code { get; init; } = "";

        public string Kind { get; init; } = "";

        public string SubjectId { get; init; } = "";

        public long Hundredths { get; init; }

        public long CompletedAtMs { get; init; }

        public string? HolderName { get; init; }

        public long? PathwayCompletedAtMs { get; init; }
    }
}
