using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// An annual pathway is done again every cycle, and earlier cycles stay on the record. Each test
/// starts the current cycle a month ago and stores last cycle's work as a teacher would have left it.
/// </summary>
public sealed class AnnualCycleTests
{
    private static readonly DateOnly CycleStart = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1);
    private static readonly long CurrentCycleMs = StartMs(CycleStart);
    private static readonly long LastCycleMs = StartMs(CycleStart.AddYears(-1));
    private static readonly long LastYearDoneMs = LastCycleMs + TimeSpan.FromDays(40).Ticks / TimeSpan.TicksPerMillisecond;

    private static readonly SqlText InsertLastYearProgress = SqlText.Portable(
        "INSERT INTO catalog_progress (registration_id, user_ref, module_id, cycle_start_ms, activity_id, status, attempts, first_done_at_ms, updated_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, 'other-module', @CycleStartMs, 'intro', 'Done', 1, @DoneMs, @DoneMs)");

    private static readonly SqlText InsertLastYearCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, cycle_start_ms, points_earned, completed_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, 'other-module', @CycleStartMs, 10, @DoneMs)");

    private static readonly SqlText SelectModuleCycles = SqlText.Portable(
        "SELECT cycle_start_ms FROM catalog_module_completions WHERE user_ref = @UserRef AND module_id = 'other-module' ORDER BY cycle_start_ms");

    private static readonly SqlText CountProgressRows = SqlText.Portable(
        "SELECT COUNT(*) FROM catalog_progress WHERE user_ref = @UserRef AND module_id = 'other-module'");

    private static readonly SqlText SelectStatements = SqlText.Portable(
        "SELECT statement_json FROM lrs_statements WHERE tenant = @Tenant");

    [Theory]
    [DatabaseData]
    public async Task AnnualPathway_NewCycle_RequiredAgainAndRedone(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var (registration, leader, teacher, pathwayId) = await SetUpAsync(host);

        var before = await host.GetPageAsync(teacher, "/app/pathways/mine");
        Assert.Equal("Not started", before.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        Assert.Equal("Not started", before.QuerySelector("[data-testid=required] [data-testid=module-state]")!.TextContent);
        Assert.Contains("counted for an earlier school year and has expired", before.QuerySelector("[data-testid=expired]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await host.Services.GetRequiredService<ProgressStore>().ListForModuleAsync(
            registration.Id, teacher.Session.UserId, "other-module", TestContext.Current.CancellationToken));
        var activity = await host.GetPageAsync(teacher, "/app/modules/other-module/activities/intro");
        Assert.Null(activity.QuerySelector("[data-testid=marked-done]"));
        Assert.Equal(["Other module 0 0 2 0 2"], Rows(await host.GetPageAsync(leader, $"/app/compliance?pathway={pathwayId}"), "by-module"));

        using (var done = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var after = await host.GetPageAsync(teacher, "/app/pathways/mine");
        Assert.Equal("Done", after.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        Assert.Equal($"expires {Day(CycleStart.AddYears(1))}, when it is required again", after.QuerySelector("[data-testid=required] [data-testid=expires]")!.TextContent);
        Assert.Equal(["Other module 1 0 1 0 2"], Rows(await host.GetPageAsync(leader, $"/app/compliance?pathway={pathwayId}"), "by-module"));

        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        var key = new { UserRef = teacher.Session.UserId };
        Assert.Equal([LastCycleMs, CurrentCycleMs], await connection.QueryAsync<long>(host.Database.Command(SelectModuleCycles, key, TestContext.Current.CancellationToken)));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>(host.Database.Command(CountProgressRows, key, TestContext.Current.CancellationToken)));
        var statements = (await connection.QueryAsync<string>(host.Database.Command(SelectStatements, new { Tenant = registration.DistrictId }, TestContext.Current.CancellationToken))).ToList();
        Assert.Single(statements, json => json.Contains("\"http://adlnet.gov/expapi/verbs/completed\"", StringComparison.Ordinal)
            && json.Contains("/modules/other-module\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnnualPathway_NewCycle_TranscriptKeepsBothCycles()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var (registration, _, teacher, _) = await SetUpAsync(host);
        using (var done = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var completions = await host.Services.GetRequiredService<ProgressStore>().ListCompletionsAsync(registration.Id, teacher.Session.UserId, TestContext.Current.CancellationToken);
        var records = await host.GetPageAsync(teacher, "/app/records");

        Assert.Equal([LastCycleMs, CurrentCycleMs], completions.Select(completion => completion.CycleStartMs));
        Assert.Equal(2, records.QuerySelectorAll("[data-testid=entry-other-module]").Length);
    }

    [Fact]
    public async Task NotAssignedTeacher_LastYearWork_StaysDone()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Unassigned District " + Guid.NewGuid().ToString("N"));
        await host.AddSchoolAsync(registration, "oak", "Oak Elementary");
        await host.AddSchoolAsync(registration, "elm", "Elm Middle");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher", schoolId: "elm");
        await PathwayPagesTests.SaveAsync(host, leader, "Oak annual training",
            ("recurrence", "annual"), ("starts_on", Day(CycleStart)), ("assign_school", $"{registration.Id}:oak"));
        using (var done = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var progress = await host.Services.GetRequiredService<ProgressStore>().ListForModuleAsync(
            registration.Id, teacher.Session.UserId, "other-module", TestContext.Current.CancellationToken);

        Assert.Equal(0L, Assert.Single(progress).CycleStartMs);
        Assert.Equal(ActivityStatus.Done, progress[0].Status);
    }

    [Theory]
    [DatabaseData]
    public async Task PathwayCreatedLater_WorkInsideCycle_Counts(DatabaseProvider provider)
    {
        // Arrange: one teacher did the module this cycle and another just before the cycle
        // started, both before any pathway existed, so their work is stored under cycle 0.
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Late Pathway District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var early = await host.SignInAsync(registration, "Eve Early");
        using (var done = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        await using (var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
            var row = new { RegistrationId = registration.Id, UserRef = early.Session.UserId, CycleStartMs = 0L, DoneMs = CurrentCycleMs - 1 };
            await connection.ExecuteAsync(host.Database.Command(InsertLastYearProgress, row, TestContext.Current.CancellationToken));
            await connection.ExecuteAsync(host.Database.Command(InsertLastYearCompletion, row, TestContext.Current.CancellationToken));
        }

        // Act
        var pathwayId = await PathwayPagesTests.SaveAsync(host, leader, "Annual safety training",
            ("recurrence", "annual"), ("starts_on", Day(CycleStart)), ("assign_role", "Learner"));

        // Assert: compliance is read before either teacher opens a page again.
        Assert.Equal(["Other module 1 0 2 0 3"], Rows(await host.GetPageAsync(leader, $"/app/compliance?pathway={pathwayId}"), "by-module"));
        var module = await host.GetPageAsync(teacher, "/app/modules/other-module");
        Assert.Equal("10 of 10", module.QuerySelector("[data-testid=points]")!.TextContent);
        var mine = await host.GetPageAsync(teacher, "/app/pathways/mine");
        Assert.Equal("Done", mine.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        var progress = Assert.Single(await host.Services.GetRequiredService<ProgressStore>().ListForModuleAsync(
            registration.Id, teacher.Session.UserId, "other-module", TestContext.Current.CancellationToken));
        Assert.Equal(CurrentCycleMs, progress.CycleStartMs);
        var completion = Assert.Single(await host.Services.GetRequiredService<ProgressStore>().ListCompletionsAsync(
            registration.Id, teacher.Session.UserId, TestContext.Current.CancellationToken));
        Assert.Equal(CurrentCycleMs, completion.CycleStartMs);
        var earlyModule = await host.GetPageAsync(early, "/app/modules/other-module");
        Assert.Equal("0 of 10", earlyModule.QuerySelector("[data-testid=points]")!.TextContent);
        var earlyMine = await host.GetPageAsync(early, "/app/pathways/mine");
        Assert.Equal("Not started", earlyMine.QuerySelector("[data-testid=pathway-state]")!.TextContent);
    }

    /// <summary>Builds an annual pathway of other-module for everyone and stores the teacher's completion of last cycle.</summary>
    private static async Task<(Platforms.PlatformRegistration Registration, Catalog.Learner Leader, Catalog.Learner Teacher, string PathwayId)> SetUpAsync(PathwaysHost host)
    {
        var registration = await host.RegisterAsync("Cycle District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var pathwayId = await PathwayPagesTests.SaveAsync(host, leader, "Annual safety training",
            ("recurrence", "annual"), ("starts_on", Day(CycleStart)), ("assign_role", "Learner"));

        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        var row = new { RegistrationId = registration.Id, UserRef = teacher.Session.UserId, CycleStartMs = LastCycleMs, DoneMs = LastYearDoneMs };
        await connection.ExecuteAsync(host.Database.Command(InsertLastYearProgress, row, TestContext.Current.CancellationToken));
        await connection.ExecuteAsync(host.Database.Command(InsertLastYearCompletion, row, TestContext.Current.CancellationToken));
        return (registration, leader, teacher, pathwayId);
    }

    private static long StartMs(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<string> Rows(IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"[data-testid={table}] tbody tr")
            .Select(row => string.Join(' ', row.Children.Select(cell => cell.TextContent)))
            .ToList();
}
