using System.Net;
using Dapper;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

public sealed class ComplianceTests
{
    private static readonly SqlText InsertProgress = SqlText.Portable(
        "INSERT INTO catalog_progress (registration_id, user_ref, module_id, activity_id, status, attempts, updated_at_ms) " +
        "VALUES (@RegistrationId, @UserRef, 'test-module', 'intro', 'Done', 1, 0)");

    [Theory]
    [DatabaseData]
    public async Task Compliance_RosterAndLaunches_CountedPerSchoolAndCourse(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Compliance District " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Grade 3 team");
        await host.AddSchoolAsync(registration, "oak", "Oak Elementary");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var done = await host.SignInAsync(registration, "Dana Done", schoolId: "oak", contextRef: course, subject: "dana");
        var started = await host.SignInAsync(registration, "Sid Started", schoolId: "oak", contextRef: course, subject: "sid");
        await host.AddRosterMemberAsync(registration, course, "dana", "Dana Done");
        await host.AddRosterMemberAsync(registration, course, "sid", "Sid Started");
        await host.AddRosterMemberAsync(registration, course, "rosa", "=HYPERLINK(\"https://evil.example\")");
        await host.AddRosterMemberAsync(registration, course, "gone", "Gone Teacher", status: "Inactive");
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Required compliance",
            ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", "2099-06-30"),
            ("include", "test-module"), ("required_test-module", "on"), ("due_test-module", "2020-01-15"), ("assign_course", course));

        using (var completed = await host.PostAsync(done, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, completed.StatusCode);
        }

        await using (var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(host.Database.Command(InsertProgress, new { RegistrationId = registration.Id, UserRef = started.Session.UserId }, TestContext.Current.CancellationToken));
        }

        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");
        Assert.Equal(
            ["(no school) 0 0 0 1 1", "Oak Elementary 0 0 0 2 2"],
            Rows(page, "by-school"));
        Assert.Equal(["Grade 3 team 0 0 0 3 3"], Rows(page, "by-course"));
        Assert.Equal(
            ["Other module 1 0 2 0 3", "Test module 0 0 0 3 3"],
            Rows(page, "by-module"));

        using var csv = await host.GetAsync(leader, $"/app/compliance.csv?pathway={id}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", csv.Headers.GetValues("X-Content-Type-Options").Single());
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("pathway_id,pathway,item,person,email,subject,school_id,school,courses,state,due_on,completed_on,pending_update", lines[0]);
        Assert.Equal(1 + (3 * 3), lines.Length);
        Assert.Contains(lines, line => line.Contains(",Other module,Dana Done,", StringComparison.Ordinal) && line.Contains(",oak,Oak Elementary,Grade 3 team,Done,2099-06-30,", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains(",\"'=HYPERLINK(\"\"https://evil.example\"\")\",", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("Gone Teacher", StringComparison.Ordinal));
    }

    [Theory]
    [DatabaseData]
    public async Task Compliance_ProgressOutsideThePathway_NotCounted(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Compliance scope " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Grade 4 team");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tess Teacher", contextRef: course, subject: "tess");
        await host.AddRosterMemberAsync(registration, course, "tess", "Tess Teacher");
        var id = await PathwayPagesTests.SaveAsync(host, leader, "Only the test module",
            ("include", "test-module"), ("required_test-module", "on"), ("due_test-module", "2099-06-30"), ("assign_course", course));

        using (var completed = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, completed.StatusCode);
        }

        var page = await host.GetPageAsync(leader, $"/app/compliance?pathway={id}");

        Assert.Equal(["Grade 4 team 0 0 1 0 1"], Rows(page, "by-course"));
        Assert.Equal(["Test module 0 0 1 0 1"], Rows(page, "by-module"));
    }

    [Fact]
    public async Task Compliance_OtherDistrictPeople_NotCounted()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var districtA = await host.RegisterAsync("Compliance A " + Guid.NewGuid().ToString("N"));
        var districtB = await host.RegisterAsync("Compliance B " + Guid.NewGuid().ToString("N"));
        var leaderA = await host.SignInAsync(districtA, "Ann A", PdRole.Instructor);
        await host.SignInAsync(districtA, "Teacher A");
        await host.SignInAsync(districtB, "Teacher B");
        var courseB = await host.AddCourseAsync(districtB, "B course");
        await host.AddRosterMemberAsync(districtB, courseB, "b-roster", "Roster B");
        var id = await PathwayPagesTests.SaveAsync(host, leaderA, "Everyone in A", ("assign_role", "Learner"));

        using var csv = await host.GetAsync(leaderA, $"/app/compliance.csv?pathway={id}");
        var text = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("Teacher A", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Teacher B", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Roster B", text, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseData]
    public async Task CsvWholePathway_Done_HasCompletionDay(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Completion day " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Grade 6 team");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Dora Done", contextRef: course, subject: "dora");
        await host.AddRosterMemberAsync(registration, course, "dora", "Dora Done");
        var id = await PathwayPagesTests.SaveAsync(host, leader, "One module",
            ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", "2099-06-30"), ("assign_course", course));
        var before = Today();
        using (var completed = await host.PostAsync(teacher, "/app/modules/other-module/activities/intro/done", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, completed.StatusCode);
        }

        var after = Today();

        using var csv = await host.GetAsync(leader, $"/app/compliance.csv?pathway={id}");
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        var whole = Assert.Single(rows, row => row[Array.IndexOf(header, "item")] == "(whole pathway)");
        var module = Assert.Single(rows, row => row[Array.IndexOf(header, "item")] == "Other module");
        Assert.Equal("Done", whole[Array.IndexOf(header, "state")]);
        Assert.Contains(whole[Array.IndexOf(header, "completed_on")], new[] { before, after });
        Assert.Equal(module[Array.IndexOf(header, "completed_on")], whole[Array.IndexOf(header, "completed_on")]);
    }

    private static List<string> Rows(AngleSharp.Html.Dom.IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"[data-testid={table}] tbody tr")
            .Select(row => string.Join(' ', row.Children.Select(cell => cell.TextContent)))
            .ToList();

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
