using System.Globalization;
using System.Net;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// Checks the background builds of the compliance status rows: reads never build, the worker
/// builds after an edit, a failed build is rolled back whole and retried, and builds of two
/// nodes take turns.
/// </summary>
public sealed class ComplianceBuildTests
{
    private static readonly Dictionary<string, string> WorkerOff = new() { ["Compliance:BackgroundBuilds"] = "false", ["Compliance:BuildRetrySeconds"] = "1" };

    [Theory]
    [DatabaseData]
    public async Task Worker_AfterPathwayEdit_BuildsAndReadsUseRows(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var (registration, leader, _) = await SeedAsync(host, people: 12);
        var status = host.Services.GetRequiredService<ComplianceStatusStore>();
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Learners", ("assign_role", "Learner"));
        await WaitUntilCurrentAsync(host, registration.DistrictId, id);
        var firstKey = await BuildKeyAsync(host, id);

        using var edit = await host.PostAsync(leader, $"/app/pathways/{id}",
            [("title", "Learners"), ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", "2031-01-15"), ("assign_role", "Learner")]);
        Assert.Equal(HttpStatusCode.SeeOther, edit.StatusCode);
        var readAfterEdit = await CsvAsync(host, leader, id);
        await WaitUntilCurrentAsync(host, registration.DistrictId, id);
        var readFromRows = await CsvAsync(host, leader, id);

        Assert.NotEqual(firstKey, await BuildKeyAsync(host, id));
        Assert.True(await status.TryRefreshAsync(registration.DistrictId, (await FindAsync(host, registration.DistrictId, id))!, TestContext.Current.CancellationToken));
        Assert.Equal(readAfterEdit, readFromRows);
        Assert.Equal(26, readFromRows.Count);
        Assert.All(readFromRows, line => Assert.Contains("2031-01-15", line, StringComparison.Ordinal));
    }

    [Theory]
    [DatabaseData]
    public async Task Build_Fails_RolledBackAndRetried(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, WorkerOff);
        var (registration, leader, _) = await SeedAsync(host, people: 8);
        var worker = host.Services.GetRequiredService<ComplianceBuildWorker>();
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Learners", ("assign_role", "Learner"));
        await ExecuteAsync(host, FailCourseInserts.Create);

        var failed = await worker.RunOnceAsync(null, TestContext.Current.CancellationToken);
        var statusRows = await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_status");
        var builds = await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_builds");
        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        await ExecuteAsync(host, FailCourseInserts.Drop);
        var whileWaiting = await worker.RunOnceAsync(null, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        var retried = await worker.RunOnceAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(0, failed);
        Assert.Equal(0, statusRows);
        Assert.Equal(0, builds);
        Assert.Equal("People 1 to 9 of 9.", page.QuerySelector("[data-testid=people-count]")!.TextContent);
        Assert.Equal(0, whileWaiting);
        Assert.Equal(1, retried);
        Assert.Equal(18, await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_status"));
        Assert.True(await host.Services.GetRequiredService<ComplianceStatusStore>().TryRefreshAsync(
            registration.DistrictId, (await FindAsync(host, registration.DistrictId, id))!, TestContext.Current.CancellationToken));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql)]
    public async Task Builds_TwoNodes_TakeTurnsAndMatchEvaluation(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, WorkerOff);
        var (registration, leader, course) = await SeedAsync(host, people: 30);
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Learners", ("assign_role", "Learner"));
        var nodes = new[]
        {
            ActivatorUtilities.CreateInstance<ComplianceStatusStore>(host.Services),
            ActivatorUtilities.CreateInstance<ComplianceStatusStore>(host.Services),
        };
        var pathway = (await FindAsync(host, registration.DistrictId, id))!;

        for (var round = 0; round < 4; round++)
        {
            await host.AddRosterMemberAsync(registration, course,
                "late-" + round.ToString(CultureInfo.InvariantCulture), "Late " + round.ToString(CultureInfo.InvariantCulture));
            await Task.WhenAll(nodes.Select(node => node.BuildAsync(registration.DistrictId, pathway, TestContext.Current.CancellationToken)));
        }

        var expected = (await nodes[0].EvaluateAsync(registration.DistrictId, pathway, TestContext.Current.CancellationToken))
            .Select(row => $"{row.Item}|{row.RegistrationId}|{row.Subject}|{row.IsDone}|{row.Started}|{row.OverdueAtMs}|{row.DueOn}|{row.ContextRefs}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await StoredRowsAsync(host, id));
        Assert.Equal(1, await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_builds"));
        Assert.Equal(0, await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_dirty"));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql)]
    public async Task Read_LockHeldByBuild_EvaluatesWithoutWaiting(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, WorkerOff);
        var (registration, leader, course) = await SeedAsync(host, people: 5);
        var status = host.Services.GetRequiredService<ComplianceStatusStore>();
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Learners", ("assign_role", "Learner"));
        var pathway = (await FindAsync(host, registration.DistrictId, id))!;
        await status.BuildAsync(registration.DistrictId, pathway, TestContext.Current.CancellationToken);
        await host.AddRosterMemberAsync(registration, course, "late", "Late Comer");

        // Another node's build holds the district's advisory lock.
        await using var other = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await using var building = await other.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await other.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@LockName))", new { LockName = "ltipd-compliance-" + registration.DistrictId }, building);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var whileLocked = await status.TryRefreshAsync(registration.DistrictId, pathway, timeout.Token);
        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        await building.RollbackAsync(TestContext.Current.CancellationToken);
        var afterRelease = await status.TryRefreshAsync(registration.DistrictId, pathway, TestContext.Current.CancellationToken);

        Assert.False(whileLocked);
        Assert.Equal("People 1 to 7 of 7.", page.QuerySelector("[data-testid=people-count]")!.TextContent);
        Assert.True(afterRelease);
        Assert.Contains("Late Comer", await StoredRowsAsync(host, id, "name"));
    }

    // A district with one course of `people` learners; the leader counts as a learner too.
    private static async Task<(PlatformRegistration Registration, Learner Leader, string Course)> SeedAsync(PathwaysHost host, int people)
    {
        var registration = await host.RegisterAsync("Builds " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Team");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor, subject: "lee");
        for (var index = 0; index < people; index++)
        {
            var number = index.ToString("00", CultureInfo.InvariantCulture);
            await host.AddRosterMemberAsync(registration, course, "p" + number, "Person " + number);
        }

        return (registration, leader, course);
    }

    private static async Task WaitUntilCurrentAsync(PathwaysHost host, string districtId, string pathwayId)
    {
        var status = host.Services.GetRequiredService<ComplianceStatusStore>();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await BuildKeyAsync(host, pathwayId) is not null
                && await status.TryRefreshAsync(districtId, (await FindAsync(host, districtId, pathwayId))!, TestContext.Current.CancellationToken))
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The worker did not build pathway {pathwayId} within 60 s.");
    }

    private static Task<Pathway?> FindAsync(PathwaysHost host, string districtId, string pathwayId) =>
        host.Services.GetRequiredService<PathwayStore>().FindAsync(districtId, pathwayId, TestContext.Current.CancellationToken);

    private static async Task<List<string>> CsvAsync(PathwaysHost host, Learner leader, string pathwayId)
    {
        using var csv = await host.GetAsync(leader, $"/app/compliance.csv?pathway={pathwayId}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
    }

    private static async Task<string?> BuildKeyAsync(PathwaysHost host, string pathwayId)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<string?>(host.Database.Command(
            SqlText.Portable("SELECT build_key FROM pd_compliance_builds WHERE pathway_id = @PathwayId"), new { PathwayId = pathwayId }, TestContext.Current.CancellationToken));
    }

    private static async Task<List<string>> StoredRowsAsync(PathwaysHost host, string pathwayId, string? column = null)
    {
        var select = column ?? "item, registration_id, subject, is_done, started, overdue_at_ms, due_on, context_refs";
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync(host.Database.Command(
            SqlText.Portable($"SELECT {select} FROM pd_compliance_status WHERE pathway_id = @PathwayId"), new { PathwayId = pathwayId }, TestContext.Current.CancellationToken));
        return rows.Select(row => string.Join('|', ((IDictionary<string, object?>)row).Values.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture))))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<long> CountAsync(PathwaysHost host, string sql)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(host.Database.Command(SqlText.Portable(sql), null, TestContext.Current.CancellationToken));
    }

    private static async Task ExecuteAsync(PathwaysHost host, SqlText[] statements)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var statement in statements)
        {
            await connection.ExecuteAsync(host.Database.Command(statement, null, TestContext.Current.CancellationToken));
        }
    }

    // A trigger that makes every insert into the course table fail, after a build inserted its status rows.
    private static class FailCourseInserts
    {
        public static readonly SqlText[] Create =
        [
            SqlText.PerProvider(
                "CREATE TRIGGER tr_test_fail BEFORE INSERT ON pd_compliance_status_courses BEGIN SELECT RAISE(ABORT, 'test failure'); END",
                "CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test failure'; END $$",
                "CREATE TRIGGER tr_test_fail ON pd_compliance_status_courses INSTEAD OF INSERT AS THROW 50000, 'test failure', 1"),
            SqlText.PerProvider(
                "SELECT 1",
                "CREATE TRIGGER tr_test_fail BEFORE INSERT ON pd_compliance_status_courses FOR EACH ROW EXECUTE FUNCTION test_fail()",
                "SELECT 1"),
        ];

        public static readonly SqlText[] Drop =
        [
            SqlText.PerProvider("DROP TRIGGER tr_test_fail", "DROP TRIGGER tr_test_fail ON pd_compliance_status_courses", "DROP TRIGGER tr_test_fail"),
        ];
    }
}
