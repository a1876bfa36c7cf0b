using System.Net;
using Dapper;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pathways;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

public sealed class PathwayPagesTests
{
    private static readonly SqlText CountCompletions = SqlText.Portable(
        "SELECT COUNT(*) FROM pd_pathway_completions WHERE user_ref = @UserRef");

    private static readonly SqlText SelectStatements = SqlText.Portable(
        "SELECT statement_json FROM lrs_statements WHERE tenant = @Tenant");

    private static readonly SqlText InsertModuleCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) VALUES (@RegistrationId, @UserRef, @ModuleId, 10, @CompletedAtMs)");

    [Theory]
    [DatabaseData]
    public async Task Pathway_BuiltAndCompleted_WritesStatementOnce(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Pathway District " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "New teacher cohort");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher", schoolId: "oak", contextRef: course);

        using (var saved = await host.PostAsync(leader, "/app/pathways",
        [
            ("title", "<script>alert(1)</script> Onboarding"), ("description", "First-year essentials"),
            ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", "2020-09-30"),
            ("include", "test-module"), ("electives_required", "0"), ("assign_course", course),
        ]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
            Assert.Equal("/app/pathways?saved=1", saved.Headers.Location!.OriginalString);
        }

        var list = await host.GetPageAsync(leader, "/app/pathways");
        Assert.Null(list.QuerySelector("main script"));
        Assert.Equal("<script>alert(1)</script> Onboarding", list.QuerySelector("[data-testid=pathways] tbody a")!.TextContent);

        var before = await host.GetPageAsync(teacher, "/app/pathways/mine");
        Assert.Equal("Overdue", before.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        Assert.Equal("Overdue", before.QuerySelector("[data-testid=required] [data-testid=module-state]")!.TextContent);
        Assert.Equal("due 2020-09-30", before.QuerySelector("[data-testid=required] [data-testid=due]")!.TextContent);
        Assert.Equal("Not started. Finish every required activity and earn 10 points to complete it.", before.QuerySelector("[data-testid=required] [data-testid=left]")!.TextContent);

        using (var done = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        }

        var after = await host.GetPageAsync(teacher, "/app/pathways/mine");
        Assert.Equal("Done", after.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        await host.GetPageAsync(teacher, "/app/pathways/mine");

        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(host.Database.Command(CountCompletions, new { UserRef = teacher.Session.UserId }, TestContext.Current.CancellationToken)));
        var statements = (await connection.QueryAsync<string>(host.Database.Command(SelectStatements, new { Tenant = registration.DistrictId }, TestContext.Current.CancellationToken))).ToList();
        var id = Assert.Single(await host.Services.GetRequiredService<PathwayStore>().ListAsync(registration.DistrictId, includeArchived: true, TestContext.Current.CancellationToken)).Id;
        Assert.Single(statements, json => json.Contains($"/pathways/{id}\"", StringComparison.Ordinal)
            && json.Contains("\"http://adlnet.gov/expapi/verbs/completed\"", StringComparison.Ordinal));
        Assert.All(statements.Where(json => !json.Contains("http://id.tincanapi.com/verb/earned", StringComparison.Ordinal)), json =>
            Assert.Contains("\"https://ltipd.org/xapi/extensions/school\":\"oak\"", json, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pathway_RoleAndSchool_AssignsMatching()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Assignment District " + Guid.NewGuid().ToString("N"));
        await host.AddSchoolAsync(registration, "north", "North Elementary");
        await host.AddSchoolAsync(registration, "south", "South Middle");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var north = await host.SignInAsync(registration, "Nia North", schoolId: "north");
        var south = await host.SignInAsync(registration, "Sam South", schoolId: "south");

        await SaveAsync(host, leader, "North literacy", ("assign_school", $"{registration.Id}:north"));
        await SaveAsync(host, leader, "Leaders' coaching", ("assign_role", "Instructor"));

        Assert.Equal(["North literacy"], await PathwayTitlesAsync(host, north));
        Assert.Empty(await PathwayTitlesAsync(host, south));
        Assert.Equal(["Leaders' coaching"], await PathwayTitlesAsync(host, leader));
        var empty = await host.GetPageAsync(south, "/app/pathways/mine");
        Assert.NotNull(empty.QuerySelector("[data-testid=no-pathway]"));
    }

    [Fact]
    public async Task Pathway_AnnualCompletionLastYear_IsExpired()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Annual District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var yearStart = today.AddMonths(-1);
        await SaveAsync(host, leader, "Annual safety training",
            ("recurrence", "annual"), ("starts_on", yearStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("assign_everyone", "on"));

        var lastYear = new DateTimeOffset(yearStart.AddDays(-10).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        await using (var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(host.Database.Command(InsertModuleCompletion,
                new { RegistrationId = registration.Id, UserRef = teacher.Session.UserId, ModuleId = "other-module", CompletedAtMs = lastYear }, TestContext.Current.CancellationToken));
        }

        var page = await host.GetPageAsync(teacher, "/app/pathways/mine");
        Assert.Equal("Not started", page.QuerySelector("[data-testid=pathway-state]")!.TextContent);
        Assert.Contains("counted for an earlier school year and has expired", page.QuerySelector("[data-testid=expired]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Renews every year", page.QuerySelector("[data-pathway-id] p")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Electives_ChosenAndRejected()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Elective District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var id = await SaveAsync(host, leader, "Choice pathway", ("assign_everyone", "on"), ("include", "test-module"), ("electives_required", "1"));

        using (var chosen = await host.PostAsync(teacher, $"/app/pathways/{id}/electives", [("module", "test-module")]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, chosen.StatusCode);
        }

        var page = await host.GetPageAsync(teacher, "/app/pathways/mine");
        Assert.Equal("Complete 1 of these; you have completed 0.", page.QuerySelector("[data-testid=electives-needed]")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=chosen] [data-module-id=test-module]"));

        using var wrong = await host.PostAsync(teacher, $"/app/pathways/{id}/electives", [("module", "other-module")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using var forged = await host.PostAsync(teacher, $"/app/pathways/{id}/electives", [("module", "test-module")], withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task PathwayForm_InvalidFields_ListsEveryProblem()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Form District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);

        using var response = await host.PostAsync(leader, "/app/pathways",
            [("title", ""), ("recurrence", "annual"), ("include", "no-such-module"), ("assign_course", "ctx-elsewhere"), ("assign_role", "Superuser")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await PathwaysHost.ReadPageAsync(response)).QuerySelectorAll("[data-testid=errors] li").Select(item => item.TextContent).ToList();
        Assert.Contains("Give the pathway a title of 1 to 200 characters.", errors);
        Assert.Contains("The start of the school year is missing. Give a date such as 2026-08-01.", errors);
        Assert.Contains("Module 'no-such-module' is not in the catalog. Reload the page and choose again.", errors);
        Assert.Contains("Course 'ctx-elsewhere' is not a course of your district. Reload the page and choose again.", errors);
        Assert.Contains("Role 'Superuser' is not known. Choose Learner, Instructor or Administrator.", errors);
    }

    [Fact]
    public async Task LeaderPages_LearnerOrNoToken_Rejected()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Access District " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");

        foreach (var path in new[] { "/app/pathways", "/app/pathways/new", "/app/compliance", "/app/settings" })
        {
            using var response = await host.GetAsync(teacher, path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using var anonymous = await host.GetAsync(null, "/app/pathways/mine");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var noToken = await host.PostAsync(leader, "/app/pathways", [("title", "Forged"), ("include", "other-module")], withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Empty(await host.Services.GetRequiredService<PathwayStore>().ListAsync(registration.DistrictId, includeArchived: true, TestContext.Current.CancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task Pathways_OtherDistrict_NeverReached(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var districtA = await host.RegisterAsync("District A " + Guid.NewGuid().ToString("N"));
        var districtB = await host.RegisterAsync("District B " + Guid.NewGuid().ToString("N"));
        var leaderA = await host.SignInAsync(districtA, "Ann A", PdRole.Instructor);
        var leaderB = await host.SignInAsync(districtB, "Ben B", PdRole.Instructor);
        var teacherB = await host.SignInAsync(districtB, "Tom B");
        var id = await SaveAsync(host, leaderA, "A only", ("assign_everyone", "on"));

        var listB = await host.GetPageAsync(leaderB, "/app/pathways");
        Assert.Null(listB.QuerySelector("[data-testid=pathways]"));
        await host.GetPageAsync(leaderB, $"/app/pathways/{id}", HttpStatusCode.NotFound);
        await host.GetPageAsync(leaderB, $"/app/compliance?pathway={id}", HttpStatusCode.NotFound);
        using (var csv = await host.GetAsync(leaderB, $"/app/compliance.csv?pathway={id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, csv.StatusCode);
        }

        using (var update = await host.PostAsync(leaderB, $"/app/pathways/{id}", [("title", "Taken over"), ("include", "other-module")]))
        {
            Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        }

        using (var archive = await host.PostAsync(leaderB, $"/app/pathways/{id}/archive", []))
        {
            Assert.Equal(HttpStatusCode.NotFound, archive.StatusCode);
        }

        using (var choose = await host.PostAsync(teacherB, $"/app/pathways/{id}/electives", []))
        {
            Assert.Equal(HttpStatusCode.NotFound, choose.StatusCode);
        }

        Assert.Empty(await PathwayTitlesAsync(host, teacherB));
        var store = host.Services.GetRequiredService<PathwayStore>();
        Assert.Equal("A only", Assert.Single(await store.ListAsync(districtA.DistrictId, includeArchived: true, TestContext.Current.CancellationToken)).Title);
        Assert.Equal(["other-module"], Assert.Single(await store.ListSummariesAsync(districtA.DistrictId, TestContext.Current.CancellationToken)).ModuleIds);
        Assert.Empty(await store.ListSummariesAsync(districtB.DistrictId, TestContext.Current.CancellationToken));
    }

    /// <summary>Saves a pathway with other-module required plus <paramref name="fields"/>; returns its id.</summary>
    internal static async Task<string> SaveAsync(PathwaysHost host, Catalog.Learner leader, string title, params (string Name, string Value)[] fields)
    {
        var all = new List<(string, string)> { ("title", title) };
        if (!fields.Any(field => field.Name == "include"))
        {
            all.Add(("include", "other-module"));
            all.Add(("required_other-module", "on"));
        }

        all.AddRange(fields);
        using var response = await host.PostAsync(leader, "/app/pathways", all);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var pathways = await host.Services.GetRequiredService<PathwayStore>().ListAsync(
            (await host.Services.GetRequiredService<Platforms.PlatformRegistry>().FindByIdAsync(leader.Session.RegistrationId, TestContext.Current.CancellationToken))!.DistrictId,
            includeArchived: true,
            TestContext.Current.CancellationToken);
        return pathways.Single(pathway => pathway.Title == title).Id;
    }

    private static async Task<List<string>> PathwayTitlesAsync(PathwaysHost host, Catalog.Learner person)
    {
        var page = await host.GetPageAsync(person, "/app/pathways/mine");
        return page.QuerySelectorAll("section[data-pathway-id] h2").Select(heading => heading.TextContent).ToList();
    }
}
