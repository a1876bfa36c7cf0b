using Deque.AxeCore.Playwright;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.IntegrationTests.DevPlatform;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// Runs axe-core in headless Chromium over the learner and PD leader pages, at an LMS iframe
/// width (400 px) and a phone width (360 px), with district branding applied. Each page's HTML
/// comes from the test server with the person's session and is loaded into the browser as is.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests
{
    private static readonly (int Width, int Height)[] Viewports = [(400, 900), (360, 740)];

    [Fact]
    public async Task Pages_NarrowWidths_NoSeriousViolations()
    {
        await using var host = await PathwaysHost.StartAsync(DatabaseProvider.Sqlite);
        var registration = await host.RegisterAsync("Accessible District " + Guid.NewGuid().ToString("N"));
        var course = await host.AddCourseAsync(registration, "Grade 4 team");
        await host.AddSchoolAsync(registration, "elm", "Elm Elementary");
        var admin = await host.SignInAsync(registration, "Ada Admin", PdRole.Administrator);
        var teacher = await host.SignInAsync(registration, "Tia Teacher", schoolId: "elm", contextRef: course);
        await host.AddRosterMemberAsync(registration, course, teacher.Session.Subject, "Tia Teacher");
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor, contextRef: course);
        var id = await PathwayPagesTests.SaveAsync(host, admin, "Literacy pathway",
            ("include", "other-module"), ("required_other-module", "on"), ("due_other-module", "2020-01-01"), ("include", "test-module"),
            ("electives_required", "1"), ("assign_course", course));
        var branding = new List<(string, string)> { ("display_name", "Elm District"), ("primary_color", "#1a5f8a"), ("header_color", "#123456") };
        branding.AddRange(Enumerable.Range(1, 10).Select(level => ($"level_{level}", $"Stage {level}")));
        using (var saved = await host.PostMultipartAsync(admin, "/app/settings", branding))
        {
            Assert.Equal(System.Net.HttpStatusCode.SeeOther, saved.StatusCode);
        }

        var pages = new (Learner Person, string Path)[]
        {
            (teacher, "/app"),
            (teacher, "/app/modules"),
            (teacher, "/app/modules/test-module"),
            (teacher, "/app/modules/test-module/activities/intro"),
            (teacher, "/app/modules/test-module/activities/quiz"),
            (teacher, "/app/pathways/mine"),
            (admin, "/app/pathways"),
            (admin, "/app/pathways/new"),
            (admin, $"/app/pathways/{id}"),
            (admin, $"/app/compliance?pathway={id}"),
            (admin, "/app/settings"),
            (teacher, "/app/recognition"),
            (leader, "/app/live-sessions"),
        };

        await using var browser = await ChromiumSession.StartAsync(blockThirdPartyCookies: false);
        var problems = new List<string>();
        foreach (var (person, path) in pages)
        {
            using var response = await host.GetAsync(person, path);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            foreach (var (width, height) in Viewports)
            {
                await browser.Page.SetViewportSizeAsync(width, height);
                await browser.Page.SetContentAsync(html);
                var result = await browser.Page.RunAxe();
                problems.AddRange(result.Violations
                    .Where(violation => violation.Impact is "serious" or "critical")
                    .Select(violation => $"{path} at {width} px: {violation.Id} ({violation.Impact}) {violation.Help}: {string.Join(" | ", violation.Nodes.Select(node => node.Html))}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
