using System.Net;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The role filter narrows every chart and its data table to people with that role in a course
/// roster, and each data table's caption names it.
/// </summary>
public sealed class RoleFilterTests
{
    private const string March = "/app/analytics?from=2026-03-01&to=2026-03-31";

    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Charts = ["weekly", "funnel", "points", "levels", "turnaround", "reviewers", "hours"];

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task RoleFilter_Instructor_OnlyInstructorInEveryTable(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedWithInstructorLearnerAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        using var response = await host.GetAsync(leader, March + "&role=Instructor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await DashboardHost.ParseAsync(response);
        Assert.Equal(["2026-03-02", "1"], DashboardHost.TableRows(page, "weekly")[1]);
        Assert.All(DashboardHost.TableRows(page, "weekly").Where(row => row[0] != "2026-03-02"), row => Assert.Equal("0", row[1]));
        Assert.Equal([["Test module", "1", "1", "1", "100%"]], DashboardHost.TableRows(page, "funnel"));
        Assert.Equal(
            [["0 to 49", "0"], ["50 to 99", "1"], ["100 to 249", "0"], ["250 to 499", "0"], ["500 to 999", "0"], ["1000 or more", "0"]],
            DashboardHost.TableRows(page, "points"));
        Assert.Equal([["Level 3", "1"]], DashboardHost.TableRows(page, "levels"));
        Assert.Equal([["Test module", "1", "0", "3", "3"], ["All modules", "1", "0", "3", "3"]], DashboardHost.TableRows(page, "turnaround"));
        Assert.Equal([["Rita Reviewer", "1", "0", "1"]], DashboardHost.TableRows(page, "reviewers"));
        Assert.Equal([["Hill Middle", "1", "1.5"]], DashboardHost.TableRows(page, "hours"));
        foreach (var chart in Charts)
        {
            Assert.EndsWith(", filtered by role PD leader", page.QuerySelector($"[data-testid=table-{chart}] caption")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task RoleFilter_Learner_LeavesOutInstructor(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedWithInstructorLearnerAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        using var response = await host.GetAsync(leader, March + "&role=Learner&course=" + district.CourseId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await DashboardHost.ParseAsync(response);
        Assert.Equal(["2026-03-02", "2"], DashboardHost.TableRows(page, "weekly")[1]);
        Assert.Equal([["Other module", "1", "1", "1", "100%"], ["Test module", "2", "2", "1", "50%"]], DashboardHost.TableRows(page, "funnel"));
        Assert.Equal(
            [["0 to 49", "1"], ["50 to 99", "1"], ["100 to 249", "1"], ["250 to 499", "0"], ["500 to 999", "0"], ["1000 or more", "0"]],
            DashboardHost.TableRows(page, "points"));
        Assert.Equal([["Level 1", "1"], ["Level 2", "2"]], DashboardHost.TableRows(page, "levels"));
        Assert.Equal(
            [["Other module", "1", "0", "6", "6"], ["Test module", "2", "1", "2", "24"], ["All modules", "3", "1", "6", "24"]],
            DashboardHost.TableRows(page, "turnaround"));
        Assert.Equal([["Rita Reviewer", "3", "1", "4"]], DashboardHost.TableRows(page, "reviewers"));
        Assert.Equal([["Lincoln <Elementary>", "1", "1.5"], ["Hill Middle", "1", "0.5"]], DashboardHost.TableRows(page, "hours"));
        Assert.Equal(
            "PD hours earned by school, filtered by course Grade 5 Team PD, role Learner",
            page.QuerySelector("[data-testid=table-hours] caption")!.TextContent);
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite)]
    public async Task RoleFilter_UnknownRole_BadRequestNamingValue(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedWithInstructorLearnerAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        using var response = await host.GetAsync(leader, March + "&role=Principal");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await DashboardHost.ParseAsync(response);
        Assert.Contains("The role 'Principal' is not a role.", page.QuerySelector("[data-parameter=role]")!.TextContent, StringComparison.Ordinal);
    }

    // The district of LeaderDashboardTests plus Ida, a PD leader at Hill who also learns: she
    // launches and completes test-module, gets evidence approved after 3 hours, earns 60 points
    // and reaches level 3, all in the week of 2 March.
    private static async Task<SeededDistrict> SeedWithInstructorLearnerAsync(DashboardHost host)
    {
        var district = await LeaderDashboardTests.SeedAsync(host);
        await district.AddPersonAsync("ida", "Ida Instructor", "hill", PdRole.Instructor);
        await district.LaunchedAsync("ida", "test-module", Monday.AddHours(2));
        await district.CompletedAsync("ida", "test-module", Monday.AddDays(1));
        var submitted = await district.SubmittedAsync("ida", "test-module", "e9", Monday.AddDays(1));
        await district.ReviewedAsync("rita", "ida", "test-module", "e9", submitted, approved: true, Monday.AddDays(1).AddHours(3));
        await district.EarnedPointsAsync("ida", 60, 60, Monday.AddDays(1));
        await district.ReachedLevelAsync("ida", 3, Monday.AddDays(1));
        return district;
    }
}
