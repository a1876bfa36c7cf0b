using System.Net;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The leader dashboards read known statements of one district and show exact figures in each
/// chart's data table, on every configured database.
/// </summary>
public sealed class LeaderDashboardTests
{
    private const string March = "/app/analytics?from=2026-03-01&to=2026-03-31";

    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Dashboard_KnownStatements_ExactTables(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        using var response = await host.GetAsync(leader, March);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await DashboardHost.ParseAsync(response);
        Assert.Equal(
            [["2026-02-23", "0"], ["2026-03-02", "2"], ["2026-03-09", "3"], ["2026-03-16", "0"], ["2026-03-23", "0"], ["2026-03-30", "0"]],
            DashboardHost.TableRows(page, "weekly"));
        Assert.Equal(
            [["Other module", "1", "1", "1", "100%"], ["Test module", "2", "2", "1", "50%"]],
            DashboardHost.TableRows(page, "funnel"));
        Assert.Equal(
            [["0 to 49", "1"], ["50 to 99", "1"], ["100 to 249", "1"], ["250 to 499", "0"], ["500 to 999", "0"], ["1000 or more", "0"]],
            DashboardHost.TableRows(page, "points"));
        Assert.Equal([["Level 1", "1"], ["Level 2", "2"]], DashboardHost.TableRows(page, "levels"));
        // Test module: 2 h and 24 h, so the nearest-rank median is 2 h and the 90th percentile 24 h.
        // All modules: 2 h, 6 h and 24 h, so the median is 6 h and the 90th percentile 24 h.
        Assert.Equal(
            [["Other module", "1", "0", "6", "6"], ["Test module", "2", "1", "2", "24"], ["All modules", "3", "1", "6", "24"]],
            DashboardHost.TableRows(page, "turnaround"));
        Assert.Equal([["Rita Reviewer", "3", "1", "4"]], DashboardHost.TableRows(page, "reviewers"));
        Assert.Equal([["Lincoln <Elementary>", "1", "1.5"], ["Hill Middle", "1", "0.5"]], DashboardHost.TableRows(page, "hours"));
        Assert.Contains("median of 6 hours (90th percentile 24 hours); 1 are still waiting", page.QuerySelector("[data-testid=summary-turnaround]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(7, page.QuerySelectorAll("figure div[role=img] svg").Length);
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Dashboard_Filters_NarrowEveryTable(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeedAsync(host);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        using var school = await host.GetAsync(leader, March + "&school=hill");
        using var module = await host.GetAsync(leader, March + "&module=test-module");
        using var role = await host.GetAsync(leader, March + "&role=Instructor");
        using var course = await host.GetAsync(leader, "/app/analytics?from=2026-03-09&to=2026-03-31&course=" + district.CourseId);

        var schoolPage = await DashboardHost.ParseAsync(school);
        Assert.Equal([["Other module", "1", "1", "1", "100%"]], DashboardHost.TableRows(schoolPage, "funnel"));
        Assert.Equal(["2026-03-09", "1"], DashboardHost.TableRows(schoolPage, "weekly")[2]);
        Assert.Equal([["Other module", "1", "0", "6", "6"], ["All modules", "1", "0", "6", "6"]], DashboardHost.TableRows(schoolPage, "turnaround"));
        Assert.Equal([["Rita Reviewer", "1", "0", "1"]], DashboardHost.TableRows(schoolPage, "reviewers"));
        Assert.Equal([["Hill Middle", "1", "0.5"]], DashboardHost.TableRows(schoolPage, "hours"));

        var modulePage = await DashboardHost.ParseAsync(module);
        Assert.Equal([["Test module", "2", "2", "1", "50%"]], DashboardHost.TableRows(modulePage, "funnel"));
        Assert.Equal([["Test module", "2", "1", "2", "24"], ["All modules", "2", "1", "2", "24"]], DashboardHost.TableRows(modulePage, "turnaround"));

        var rolePage = await DashboardHost.ParseAsync(role);
        Assert.Equal([["No data for these filters."]], DashboardHost.TableRows(rolePage, "funnel"));
        Assert.Equal([["No data for these filters."]], DashboardHost.TableRows(rolePage, "reviewers"));

        Assert.Equal(HttpStatusCode.OK, course.StatusCode);
        var coursePage = await DashboardHost.ParseAsync(course);
        Assert.Equal([["2026-03-09", "3"], ["2026-03-16", "0"], ["2026-03-23", "0"], ["2026-03-30", "0"]], DashboardHost.TableRows(coursePage, "weekly"));
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Dashboard_OtherDistrict_SeesNothingOfIt(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var districtA = await SeedAsync(host);
        var districtB = await SeededDistrict.CreateAsync(host);
        await districtB.AddPersonAsync("leader", "Leader B", null, PdRole.Instructor);
        var leaderB = await districtB.SignInAsync("leader", PdRole.Instructor);

        using var own = await host.GetAsync(leaderB, March);
        using var foreignSchool = await host.GetAsync(leaderB, March + "&school=hill");
        using var foreignCourse = await host.GetAsync(leaderB, March + "&course=" + districtA.CourseId);

        var page = await DashboardHost.ParseAsync(own);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.All(DashboardHost.TableRows(page, "weekly"), row => Assert.Equal("0", row[1]));
        foreach (var chart in new[] { "funnel", "levels", "turnaround", "reviewers", "hours" })
        {
            Assert.Equal([["No data for these filters."]], DashboardHost.TableRows(page, chart));
        }

        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain("Hill Middle", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Rita Reviewer", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, foreignSchool.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreignCourse.StatusCode);
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Dashboard_VoidedStatement_NotCounted(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);
        await district.AddPersonAsync("ann", "Ann", null, PdRole.Learner);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        var completedId = await district.CompletedAsync("ann", "test-module", Monday);
        using (var before = await host.GetAsync(leader, March))
        {
            Assert.Equal([["Test module", "1", "1", "1", "100%"]], DashboardHost.TableRows(await DashboardHost.ParseAsync(before), "funnel"));
        }

        await district.VoidAsync("leader", completedId, Monday.AddDays(1));
        using var after = await host.GetAsync(leader, March);

        Assert.Equal([["No data for these filters."]], DashboardHost.TableRows(await DashboardHost.ParseAsync(after), "funnel"));
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Dashboard_VoidedCompletionAfterLaunch_KeepsLaunch(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);
        await district.AddPersonAsync("ann", "Ann", null, PdRole.Learner);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        await district.LaunchedAsync("ann", "test-module", Monday);
        var completedId = await district.CompletedAsync("ann", "test-module", Monday.AddDays(1));
        using (var before = await host.GetAsync(leader, March))
        {
            Assert.Equal([["Test module", "1", "1", "1", "100%"]], DashboardHost.TableRows(await DashboardHost.ParseAsync(before), "funnel"));
        }

        await district.VoidAsync("leader", completedId, Monday.AddDays(2));
        using var after = await host.GetAsync(leader, March);

        Assert.Equal([["Test module", "1", "0", "0", "0%"]], DashboardHost.TableRows(await DashboardHost.ParseAsync(after), "funnel"));
    }

    [Theory, DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Dashboard_Funnel_CountsFirstStagesInRange(DatabaseProvider provider)
    {
        await using var host = await DashboardHost.StartAsync(provider);
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);
        await district.AddPersonAsync("ann", "Ann", null, PdRole.Learner);
        await district.AddPersonAsync("bob", "Bob", null, PdRole.Learner);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        var february = Monday.AddDays(-14);

        // Ann launched in February and completed in March, so March counts her at every stage.
        // Bob only launched again in March, so his first launch is outside March.
        await district.LaunchedAsync("ann", "test-module", february);
        await district.CompletedAsync("ann", "test-module", Monday);
        await district.LaunchedAsync("bob", "test-module", february);
        await district.LaunchedAsync("bob", "test-module", Monday);
        using var response = await host.GetAsync(leader, March);

        Assert.Equal([["Test module", "1", "1", "1", "100%"]], DashboardHost.TableRows(await DashboardHost.ParseAsync(response), "funnel"));
    }

    [Fact]
    public async Task Dashboard_Learner_Forbidden()
    {
        await using var host = await DashboardHost.StartAsync(DatabaseProvider.Sqlite);
        var district = await SeedAsync(host);
        var learner = await district.SignInAsync("ann", PdRole.Learner);

        using var response = await host.GetAsync(learner, March);
        using var anonymous = await host.Client.GetAsync(new Uri(March, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Rita Reviewer", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"table-", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("from=2026-13-01", "from", "The from date '2026-13-01' is not a date. Use the form YYYY-MM-DD")]
    [InlineData("to=yesterday", "to", "The to date 'yesterday' is not a date.")]
    [InlineData("from=2026-03-10&to=2026-03-01", "from", "The start date 2026-03-10 is after the end date 2026-03-01.")]
    [InlineData("from=2020-01-01&to=2026-03-01", "from", "is longer than 731 days")]
    [InlineData("role=Boss", "role", "The role 'Boss' is not a role. Use Learner, Instructor or Administrator")]
    [InlineData("role=7", "role", "The role '7' is not a role.")]
    [InlineData("school=nowhere", "school", "The school 'nowhere' is not a school of your district.")]
    [InlineData("module=no-such-module", "module", "The module 'no-such-module' is not a module of the catalog.")]
    [InlineData("course=c1&course=c2", "course", "The parameter 'course' is given 2 times.")]
    public async Task Dashboard_BadFilter_NamesValue(string query, string parameter, string expected)
    {
        await using var host = await DashboardHost.StartAsync(DatabaseProvider.Sqlite);
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);

        using var response = await host.GetAsync(leader, "/app/analytics?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await DashboardHost.ParseAsync(response);
        var error = Assert.Single(page.QuerySelectorAll("[data-testid=filter-errors] li"));
        Assert.Equal(parameter, error.GetAttribute("data-parameter"));
        Assert.Contains(expected, error.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_MarkupInNames_Encoded()
    {
        await using var host = await DashboardHost.StartAsync(DatabaseProvider.Sqlite);
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddSchoolAsync("evil", "<script>alert('school')</script>");
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);
        await district.AddPersonAsync("eve", "<img src=x onerror=alert('reviewer')>", "evil", PdRole.Learner);
        var leader = await district.SignInAsync("leader", PdRole.Instructor);
        await district.LaunchedAsync("eve", "xss-module", Monday, "<svg onload=alert('module')>");
        await district.CompletedAsync("eve", "test-module", Monday);
        var submitted = await district.SubmittedAsync("eve", "test-module", "evidence-x", Monday);
        await district.ReviewedAsync("eve", "eve", "test-module", "evidence-x", submitted, approved: true, Monday.AddHours(1));

        using var response = await host.GetAsync(leader, March);

        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        var page = await DashboardHost.ParseAsync(response);
        Assert.Contains(["<svg onload=alert('module')>", "1", "0", "0", "0%"], DashboardHost.TableRows(page, "funnel"));
        Assert.Equal([["<script>alert('school')</script>", "1", "1.5"]], DashboardHost.TableRows(page, "hours"));
        Assert.Equal("<img src=x onerror=alert('reviewer')>", DashboardHost.TableRows(page, "reviewers")[0][0]);
        Assert.Empty(page.QuerySelectorAll("script, img, svg [onload], svg script"));
    }

    /// <summary>
    /// Seeds a district in March 2026: Ann and Ben at Lincoln, Cy at Hill, Rita reviewing and a
    /// leader. The expected figures of every test follow from these statements.
    /// </summary>
    internal static async Task<SeededDistrict> SeedAsync(DashboardHost host)
    {
        var district = await SeededDistrict.CreateAsync(host);
        await district.AddSchoolAsync("lincoln", "Lincoln <Elementary>");
        await district.AddSchoolAsync("hill", "Hill Middle");
        await district.AddPersonAsync("ann", "Ann Adams", "lincoln", PdRole.Learner);
        await district.AddPersonAsync("ben", "Ben Brown", "lincoln", PdRole.Learner);
        await district.AddPersonAsync("cy", "Cy Chen", "hill", PdRole.Learner);
        await district.AddPersonAsync("rita", "Rita Reviewer", null, PdRole.Instructor);
        await district.AddPersonAsync("leader", "Lee Leader", null, PdRole.Instructor);

        // Week of 2 March: Ann launches, works and completes; Ben launches.
        await district.LaunchedAsync("ann", "test-module", Monday);
        await district.ExperiencedAsync("ann", "test-module", Monday.AddHours(1));
        await district.CompletedAsync("ann", "test-module", Monday.AddDays(1));
        await district.LaunchedAsync("ben", "test-module", Monday.AddDays(1));

        // Week of 9 March: Ben works; Cy launches and completes the other module.
        await district.ExperiencedAsync("ben", "test-module", Monday.AddDays(8));
        await district.LaunchedAsync("cy", "other-module", Monday.AddDays(8));
        await district.CompletedAsync("cy", "other-module", Monday.AddDays(9));

        // Evidence: Ann returned after 2 h (approved later, which is not first feedback), Ben
        // approved after 24 h, Cy approved after 6 h, and Ann's second submission still waiting.
        var annFirst = await district.SubmittedAsync("ann", "test-module", "e1", Monday.AddHours(1));
        await district.ReviewedAsync("rita", "ann", "test-module", "e1", annFirst, approved: false, Monday.AddHours(3));
        await district.ReviewedAsync("rita", "ann", "test-module", "e1", annFirst, approved: true, Monday.AddDays(1));
        var ben = await district.SubmittedAsync("ben", "test-module", "e2", Monday.AddDays(1));
        await district.ReviewedAsync("rita", "ben", "test-module", "e2", ben, approved: true, Monday.AddDays(2));
        var cy = await district.SubmittedAsync("cy", "other-module", "e3", Monday.AddDays(8));
        await district.ReviewedAsync("rita", "cy", "other-module", "e3", cy, approved: true, Monday.AddDays(8).AddHours(6));
        await district.SubmittedAsync("ann", "test-module", "e4", Monday.AddDays(9));

        // Points in March: Ann 70, Ben 120, Cy 10. Levels: Ann 2, Ben 2, Cy 1.
        await district.EarnedPointsAsync("ann", 30, 30, Monday);
        await district.EarnedPointsAsync("ann", 40, 70, Monday.AddDays(1));
        await district.EarnedPointsAsync("ben", 120, 120, Monday.AddDays(2));
        await district.EarnedPointsAsync("cy", 10, 10, Monday.AddDays(9));
        await district.ReachedLevelAsync("ann", 1, Monday);
        await district.ReachedLevelAsync("ann", 2, Monday.AddDays(1));
        await district.ReachedLevelAsync("ben", 2, Monday.AddDays(2));
        await district.ReachedLevelAsync("cy", 1, Monday.AddDays(9));
        return district;
    }
}
