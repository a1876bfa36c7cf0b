using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Deque.AxeCore.Playwright;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// Checks what a read of a district too large to evaluate in memory shows while its stored rows
/// are not current. It shows the stored rows with a notice of how current they are and marks
/// pending people on the page and in the CSV, or shows a "being computed" state. The worker
/// applies marked people's changes without a read.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ComplianceFreshnessTests
{
    // MaxEvaluatedPeople 0 treats every district as too large to evaluate in a read.
    private static readonly Dictionary<string, string> LargeDistrict = new()
    {
        ["Compliance:BackgroundBuilds"] = "false",
        ["Compliance:MaxEvaluatedPeople"] = "0",
    };

    private static readonly SqlText InsertProgress = SqlText.Portable(
        "INSERT INTO catalog_progress (registration_id, user_ref, module_id, activity_id, status, attempts, updated_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, 'test-module', 'intro', 'Done', 1, 0)");

    private const string TimePattern = @"\d{4}-\d\d-\d\d \d\d:\d\d UTC";

    [Theory]
    [DatabaseData]
    public async Task Read_MarkedPerson_StoredRowsMarkedPending(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, LargeDistrict);
        var (registration, leader, teacher) = await SeedAsync(host);
        var worker = host.Services.GetRequiredService<ComplianceBuildWorker>();
        var id = await SaveAsync(host, leader, "2031-01-15");
        Assert.Equal(1, await worker.RunOnceAsync(null, TestContext.Current.CancellationToken));
        await ExecuteAsync(host, InsertProgress, new { RegistrationId = registration.Id, UserRef = teacher.Session.UserId });

        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        var csv = await CsvAsync(host, leader, id);
        var markedAfterRead = await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_dirty");
        var applied = await worker.RunOnceAsync(null, TestContext.Current.CancellationToken);
        var after = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        var csvAfter = await CsvAsync(host, leader, id);

        Assert.Matches(
            $"^1 person in your district changed since these figures were last brought up to date at {TimePattern}\\. Those changes are being applied now, " +
            "and the people with a pending change are marked in the list below\\. Reload the figures in a few seconds\\.$",
            page.QuerySelector("[role=status][data-testid=freshness]")!.TextContent);
        Assert.Equal(["(no school) 0 0 3 0 3"], PathwaysHost.TableRows(page, "by-school"));
        Assert.Equal("Not started (update pending)", StateOf(page, "Tia Teacher"));
        Assert.Equal("Not started", StateOf(page, "Pat Roster"));
        Assert.Equal(1, markedAfterRead);
        Assert.Equal(6, csv.Count);
        Assert.Equal(2, csv.Count(line => line.Contains(",Tia Teacher,", StringComparison.Ordinal)));
        Assert.All(csv.Where(line => line.Contains(",Tia Teacher,", StringComparison.Ordinal)),
            line => Assert.Matches($",this person changed after {TimePattern}; the change is not counted yet$", line));
        Assert.All(csv.Where(line => !line.Contains(",Tia Teacher,", StringComparison.Ordinal)), line => Assert.EndsWith(",", line, StringComparison.Ordinal));
        Assert.Equal(1, applied);
        Assert.Null(after.QuerySelector("[data-testid=freshness]"));
        Assert.Equal(["(no school) 0 1 2 0 3"], PathwaysHost.TableRows(after, "by-school"));
        Assert.Equal("In progress", StateOf(after, "Tia Teacher"));
        Assert.All(csvAfter, line => Assert.EndsWith(",", line, StringComparison.Ordinal));
    }

    [Theory]
    [DatabaseData]
    public async Task Read_AfterEdit_OlderRowsLabelled(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, LargeDistrict);
        var (_, leader, _) = await SeedAsync(host);
        var worker = host.Services.GetRequiredService<ComplianceBuildWorker>();
        var id = await SaveAsync(host, leader, "2031-01-15");
        Assert.Equal(1, await worker.RunOnceAsync(null, TestContext.Current.CancellationToken));
        Assert.Equal(id, await SaveAsync(host, leader, "2032-02-20", id));

        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        var csv = await CsvAsync(host, leader, id);
        var rebuilt = await worker.RunOnceAsync(null, TestContext.Current.CancellationToken);
        var after = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");

        Assert.Matches(
            $"^These figures were computed at {TimePattern}, before this pathway last changed \\(an edit, a new annual cycle or a change of its catalog modules\\)\\. " +
            "They are being updated now\\. Reload the figures in a few seconds\\.$",
            page.QuerySelector("[role=status][data-testid=freshness]")!.TextContent);
        Assert.Equal(["(no school) 0 0 3 0 3"], PathwaysHost.TableRows(page, "by-school"));
        Assert.Equal("Not started (update pending)", StateOf(page, "Pat Roster"));
        Assert.All(page.QuerySelectorAll("[data-testid=people] tbody tr td:nth-of-type(3)"), cell => Assert.Equal("2031-01-15", cell.TextContent));
        Assert.Equal(6, csv.Count);
        Assert.All(csv, line => Assert.Matches($",2031-01-15,,computed at {TimePattern} before the pathway last changed$", line));
        Assert.Equal(1, rebuilt);
        Assert.Null(after.QuerySelector("[data-testid=freshness]"));
        Assert.All(after.QuerySelectorAll("[data-testid=people] tbody tr td:nth-of-type(3)"), cell => Assert.Equal("2032-02-20", cell.TextContent));
    }

    [Theory]
    [DatabaseData]
    public async Task Read_NewPathwayWithoutRows_BeingComputed(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, LargeDistrict);
        var (_, leader, _) = await SeedAsync(host);
        var worker = host.Services.GetRequiredService<ComplianceBuildWorker>();
        var id = await SaveAsync(host, leader, "2031-01-15");

        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        using var csv = await host.GetAsync(leader, $"/app/compliance.csv?pathway={id}");
        var csvText = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var built = await worker.RunOnceAsync(null, TestContext.Current.CancellationToken);
        var after = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");

        Assert.Equal(
            "The figures of this pathway are being computed. They are usually ready within a few seconds. Reload the figures in a few seconds.",
            page.QuerySelector("[role=status][data-testid=freshness]")!.TextContent);
        Assert.Equal($"/app/compliance?pathway={id}", page.QuerySelector("[data-testid=freshness] a")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("[data-testid=by-school]"));
        Assert.Null(page.QuerySelector("[data-testid=csv-link]"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, csv.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), csv.Headers.RetryAfter!.Delta);
        Assert.Equal("The figures of this pathway are being computed. They are usually ready within a few seconds. Download the CSV again in a few seconds.", csvText);
        Assert.Equal(1, built);
        Assert.Null(after.QuerySelector("[data-testid=freshness]"));
        Assert.Equal(["(no school) 0 0 3 0 3"], PathwaysHost.TableRows(after, "by-school"));
    }

    [Theory]
    [DatabaseData]
    public async Task Worker_MarkedPeople_AppliedWithoutRead(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider, new Dictionary<string, string>
        {
            ["Compliance:MarkedRefreshSeconds"] = "1",
            ["Compliance:BuildScanIntervalSeconds"] = "3600",
            ["Compliance:MaxEvaluatedPeople"] = "0",
        });
        var (registration, leader, teacher) = await SeedAsync(host);
        var id = await SaveAsync(host, leader, "2031-01-15");
        await WaitUntilAsync(async () => await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_builds") == 1 && await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_dirty") == 0);
        var builtAt = await CountAsync(host, "SELECT built_at_ms FROM pd_compliance_builds");

        await ExecuteAsync(host, InsertProgress, new { RegistrationId = registration.Id, UserRef = teacher.Session.UserId });
        await WaitUntilAsync(async () => await CountAsync(host, "SELECT COUNT(*) FROM pd_compliance_dirty") == 0);
        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");

        Assert.Equal(1, await CountAsync(host, "SELECT started FROM pd_compliance_status WHERE item = '' AND subject = 'tia'"));
        Assert.True(await CountAsync(host, "SELECT built_at_ms FROM pd_compliance_builds") > builtAt);
        Assert.Null(page.QuerySelector("[data-testid=freshness]"));
        Assert.Equal("In progress", StateOf(page, "Tia Teacher"));
    }

    [Fact]
    public async Task Notice_Chromium_StatusRoleAndNoSeriousViolations()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite, LargeDistrict);
        var (registration, leader, teacher) = await SeedAsync(host);
        var worker = host.Services.GetRequiredService<ComplianceBuildWorker>();
        var id = await SaveAsync(host, leader, "2031-01-15");
        using var computing = await host.GetAsync(leader, $"/app/compliance?pathway={id}");
        var computingHtml = await computing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await worker.RunOnceAsync(null, TestContext.Current.CancellationToken));
        await ExecuteAsync(host, InsertProgress, new { RegistrationId = registration.Id, UserRef = teacher.Session.UserId });
        using var pending = await host.GetAsync(leader, $"/app/compliance?pathway={id}");
        var pendingHtml = await pending.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
        var problems = new List<string>();
        var statuses = new List<string>();
        foreach (var html in new[] { computingHtml, pendingHtml })
        {
            await browser.Page.SetViewportSizeAsync(400, 900);
            await browser.Page.SetContentAsync(html);
            statuses.Add(await browser.Page.GetByRole(AriaRole.Status).InnerTextAsync());
            problems.AddRange((await browser.Page.RunAxe()).Violations
                .Where(violation => violation.Impact is "serious" or "critical")
                .Select(violation => $"{violation.Id} ({violation.Impact}) {violation.Help}"));
        }

        Assert.StartsWith("The figures of this pathway are being computed.", statuses[0], StringComparison.Ordinal);
        Assert.StartsWith("1 person in your district changed since these figures", statuses[1], StringComparison.Ordinal);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // A district with the leader, one roster member and one launched teacher on a course roster; all three count as learners.
    private static async Task<(PlatformRegistration Registration, Learner Leader, Learner Teacher)> SeedAsync(PathwaysHost host)
    {
        var registration = await host.RegisterAsync("Freshness " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Team");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor, subject: "lee");
        await host.AddRosterMemberAsync(registration, course, "pat", "Pat Roster");
        var teacher = await host.SignInAsync(registration, "Tia Teacher", contextRef: course, subject: "tia");
        await host.AddRosterMemberAsync(registration, course, "tia", "Tia Teacher");
        return (registration, leader, teacher);
    }

    // Saves a pathway that requires the test module by dueOn and is assigned to learners; with pathwayId, edits it.
    private static async Task<string> SaveAsync(PathwaysHost host, Learner leader, string dueOn, string? pathwayId = null)
    {
        (string, string)[] fields = [("include", "test-module"), ("required_test-module", "on"), ("due_test-module", dueOn), ("assign_role", "Learner")];
        if (pathwayId is null)
        {
            return await PathwayPagesTests.SaveAsync(host, leader, "Learners", fields);
        }

        using var edit = await host.PostAsync(leader, $"/app/pathways/{pathwayId}", [("title", "Learners"), .. fields]);
        Assert.Equal(HttpStatusCode.SeeOther, edit.StatusCode);
        return pathwayId;
    }

    // The state cell of the person's row in the people list.
    private static string StateOf(IHtmlDocument page, string person) =>
        page.QuerySelectorAll("[data-testid=people] tbody tr")
            .Single(row => row.QuerySelector("th")!.TextContent == person)
            .QuerySelectorAll("td")[1].TextContent;

    private static async Task<List<string>> CsvAsync(PathwaysHost host, Learner leader, string pathwayId)
    {
        using var csv = await host.GetAsync(leader, $"/app/compliance.csv?pathway={pathwayId}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
    }

    private static async Task ExecuteAsync(PathwaysHost host, SqlText sql, object parameters)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(host.Database.Command(sql, parameters, TestContext.Current.CancellationToken));
    }

    private static async Task<long> CountAsync(PathwaysHost host, string sql)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(host.Database.Command(SqlText.Portable(sql), null, TestContext.Current.CancellationToken));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("The background worker did not bring the compliance rows up to date within 30 s.");
    }
}
