using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.DevPlatform;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Services.Grades;
using LtiPd.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Services;

/// <summary>The whole path through the dev LMS: launch, learning, score in the gradebook, grade read back.</summary>
public sealed partial class DevLmsGradeSyncTests
{
    private const string ModuleId = "formative-assessment";
    private const string LineItemId = "line-item-literacy";

    [Fact]
    public async Task Teacher_CompletesModule_GradebookHoldsScore()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        var (browser, toolOrigin) = await LaunchWithOriginAsync(host, "dev-teacher-maya", "pd-activity-literacy", cancellationToken);
        using var disposeBrowser = browser;

        await CompleteModuleAsync(host, browser, toolOrigin, cancellationToken);
        var latest = await WaitForScoreAsync(host, "dev-teacher-maya", 65, cancellationToken);
        var all = (await host.Services.GetRequiredService<DevGradebook>().ListAllScoresAsync(SandboxCourse.ContextId, cancellationToken))
            .Where(score => score.UserId == "dev-teacher-maya" && score.LineItemId == LineItemId)
            // The dev LMS records in milliseconds; two scores sent within one are ordered by timestamp.
            .OrderBy(score => score.RecordedAt)
            .ThenBy(score => score.Timestamp)
            .ToList();
        using var client = host.CreateClient();
        var gradesPage = await client.GetStringAsync(new Uri("/devlms/grades", UriKind.Relative), cancellationToken);

        Assert.Equal(65, latest.ScoreGiven);
        Assert.Equal(65, latest.ScoreMaximum);
        Assert.Equal("Completed", latest.ActivityProgress);
        Assert.Equal("FullyGraded", latest.GradingProgress);
        Assert.Equal(5, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.Second.Timestamp > pair.First.Timestamp), "score timestamps must strictly increase");
        Assert.Contains("data-testid=\"grade-line-item-literacy-dev-teacher-maya\">65/65 (Completed, FullyGraded)</td>", gradesPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GradebookResult_ReadBack_ShownOnModulePage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        var (browser, toolOrigin) = await LaunchWithOriginAsync(host, "dev-teacher-maya", "pd-activity-literacy", cancellationToken);
        using var disposeBrowser = browser;
        await CompleteModuleAsync(host, browser, toolOrigin, cancellationToken);
        await WaitForScoreAsync(host, "dev-teacher-maya", 65, cancellationToken);

        var (registrationId, contextRef) = await CourseAsync(host, cancellationToken);
        var (stored, error) = await host.Services.GetRequiredService<GradeResults>().SyncAsync(registrationId, contextRef, cancellationToken);
        using var page = await browser.GetAsync($"/app/modules/{ModuleId}");
        var html = await page.Content.ReadAsStringAsync(cancellationToken);

        Assert.Null(error);
        Assert.Equal(1, stored);
        Assert.Contains("data-testid=\"lms-grade\">Grade in your LMS: <strong>100 of 100</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdLeaderLaunch_SyncsRosterInBackground()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);

        using var browser = await LaunchAsync(host, "dev-leader-priya", "pd-activity-literacy", cancellationToken);
        var members = await WaitForRosterAsync(host, 4, cancellationToken);

        Assert.Equal(["dev-admin-dana", "dev-leader-priya", "dev-para-luis", "dev-teacher-maya"], members.Select(member => member.Subject));
        Assert.Equal(["Administrator", "Instructor", "Learner", "Learner"], members.Select(member => member.Role));
        Assert.All(members, member => Assert.Equal("Active", member.Status));
    }

    /// <summary>Launches <paramref name="personId"/> from <paramref name="linkId"/> as the dev LMS page would, keeping the tool's cookies.</summary>
    private static async Task<(LtiBrowser Browser, Uri ToolOrigin)> LaunchWithOriginAsync(DevLmsHost host, string personId, string linkId, CancellationToken cancellationToken)
    {
        // The dev LMS page frames the tool under the other loopback name, so the browser talks to
        // the tool at the origin of the login form's action.
        using var platform = host.CreateClient();
        var page = await platform.GetStringAsync(new Uri($"/devlms/launch?person={personId}&link={linkId}", UriKind.Relative), cancellationToken);
        var (loginAction, login) = DevLmsCalls.ReadForm(page);
        var toolOrigin = new Uri(new Uri(loginAction).GetLeftPart(UriPartial.Authority));
        var browser = new LtiBrowser(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = toolOrigin });

        // This client keeps cookies and runs no script, so it logs in as a platform without
        // LTI Platform Storage would: straight to the redirect, with the login cookie.
        login.Remove("lti_storage_target");
        using var redirect = await browser.GetAsync(QueryHelpers.AddQueryString("/lti/login", login!));
        Assert.True(redirect.StatusCode == HttpStatusCode.Redirect, await redirect.Content.ReadAsStringAsync(cancellationToken));
        using var authorization = await browser.GetAsync(redirect.Headers.Location!.PathAndQuery);
        var (_, fields) = DevLmsCalls.ReadForm(await authorization.Content.ReadAsStringAsync(cancellationToken));
        using var launch = await browser.LaunchAsync(fields);
        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        return (browser, toolOrigin);
    }

    private static async Task<LtiBrowser> LaunchAsync(DevLmsHost host, string personId, string linkId, CancellationToken cancellationToken) =>
        (await LaunchWithOriginAsync(host, personId, linkId, cancellationToken)).Browser;

    /// <summary>Does every activity of the module but its evidence, with right quiz answers: 65 of 65 points.</summary>
    private static async Task CompleteModuleAsync(DevLmsHost host, LtiBrowser browser, Uri toolOrigin, CancellationToken cancellationToken)
    {
        var module = host.Services.GetRequiredService<ModuleCatalog>().Find(ModuleId)!;
        using var activityPage = await browser.GetAsync($"/app/modules/{ModuleId}/activities/{module.Activities[0].Id}");
        var csrf = CsrfField().Match(await activityPage.Content.ReadAsStringAsync(cancellationToken)).Groups[1].Value;
        Assert.NotEmpty(csrf);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = toolOrigin };
        foreach (var activity in module.Activities.Where(activity => activity.Kind != ActivityKind.Evidence))
        {
            var form = new Dictionary<string, string> { ["csrf_token"] = csrf };
            var action = activity.Kind switch
            {
                ActivityKind.Quiz => "quiz",
                ActivityKind.Reflect => "reflection",
                _ => "done",
            };
            foreach (var question in activity.Quiz?.Questions ?? [])
            {
                form["q-" + question.Id] = question.Options.First(option => option.IsCorrect).Id;
            }

            if (activity.Kind == ActivityKind.Reflect)
            {
                form["reflection"] = string.Concat(Enumerable.Repeat("I will plan one hinge question per lesson and adjust the next step from the answers. ", 10));
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, $"/app/modules/{ModuleId}/activities/{activity.Id}/{action}") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("Cookie", string.Join("; ", browser.Cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
            using var response = await client.SendAsync(request, cancellationToken);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.SeeOther, $"{activity.Id}: {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// Delivers due scores until the learner's latest score in the dev gradebook is
    /// <paramref name="expected"/>. The app's own delivery worker runs too, so a pass here may
    /// find its work already done; the loop ends after about 10 seconds.
    /// </summary>
    private static async Task<DevScore> WaitForScoreAsync(DevLmsHost host, string personId, double expected, CancellationToken cancellationToken)
    {
        var gradebook = host.Services.GetRequiredService<DevGradebook>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await host.Services.GetRequiredService<GradeDeliverer>().DeliverDueAsync(cancellationToken);
            var latest = (await gradebook.ListLatestScoresAsync(SandboxCourse.ContextId, LineItemId, personId, cancellationToken)).SingleOrDefault();
            if (latest?.ScoreGiven == expected)
            {
                return latest;
            }

            await Task.Delay(200, cancellationToken);
        }

        Assert.Fail($"The dev gradebook never held a score of {expected} for {personId}.");
        return null!;
    }

    private static async Task<List<RosterRow>> WaitForRosterAsync(DevLmsHost host, int count, CancellationToken cancellationToken)
    {
        var database = host.Services.GetRequiredService<Database>();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var rows = (await connection.QueryAsync<RosterRow>(database.Command(SqlText.Portable(
                "SELECT subject AS Subject, role AS Role, status AS Status FROM roster_members ORDER BY subject"), null, cancellationToken))).ToList();
            if (rows.Count >= count)
            {
                return rows;
            }

            await Task.Delay(200, cancellationToken);
        }

        Assert.Fail($"The roster never reached {count} members.");
        return [];
    }

    private static async Task<(string RegistrationId, string ContextRef)> CourseAsync(DevLmsHost host, CancellationToken cancellationToken)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<CourseRow>(database.Command(SqlText.Portable(
            "SELECT registration_id AS RegistrationId, id AS ContextRef FROM lti_contexts WHERE context_id = @ContextId"), new { ContextId = SandboxCourse.ContextId }, cancellationToken));
        return (row.RegistrationId, row.ContextRef);
    }

    [GeneratedRegex("name=\"csrf_token\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private sealed record CourseRow(string RegistrationId, string ContextRef);

    private sealed class RosterRow
    {
        public string Subject { get; set; } = string.Empty;

        public string Role { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;
    }
}
