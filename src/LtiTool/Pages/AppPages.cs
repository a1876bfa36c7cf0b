using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Recognition;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>The pages a launch lands on inside the LMS iframe.</summary>
public static class AppPages
{
    /// <summary>Maps <c>/app</c>, the dashboard; <c>/app/deep-linking</c> and <c>/app/review</c> are mapped by their features.</summary>
    public static IEndpointRouteBuilder MapAppPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app", DashboardAsync);
        endpoints.MapAwardNotices();
        return endpoints;
    }

    private static async Task<IResult> DashboardAsync(
        HttpContext context, SessionAccessor sessions, ModuleCatalog catalog, ProgressStore progressStore, AwardNotices notices, RecognitionPageHandler recognition)
    {
        var session = await sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var records = await progressStore.ListAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        var progress = LearnerProgress.ByModule(catalog.Modules, records);
        var notice = await notices.TakeAsync(session, context.RequestAborted);
        var recognitionSummary = await recognition.DashboardSummaryAsync(session, context.RequestAborted);
        var body = notice + SessionSummary(session) + LeaderLinks(session, catalog.Find(context.Request.Query["module"].ToString()))
            + DashboardView.Render(catalog.Modules, progress, recognitionSummary);
        return PageLayout.Result(context, PageLayout.Render("My PD dashboard", body));
    }

    private static async Task<IResult> LandingAsync(HttpContext context, SessionAccessor sessions, string heading)
    {
        var session = await sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        // Placing content in a course and reviewing submissions are PD leader tasks. An LMS may
        // still show a learner the placement, so the page says so instead of offering the task.
        if (session.Role < PdRole.Instructor)
        {
            var body = "<p role=\"alert\">Only PD leaders and administrators can use this page. Open your PD activities from your course instead.</p>";
            return PageLayout.Result(context, PageLayout.Render(heading, body), StatusCodes.Status403Forbidden);
        }

        return PageLayout.Result(context, PageLayout.Render(heading, SessionSummary(session)));
    }

    // The data-testid values are a contract with the launch tests.
    internal static string SessionSummary(LtiSession session) => $$"""
        <p data-testid="greeting">Hello, {{PageLayout.Encode(session.DisplayName ?? "there")}}.</p>
        <dl>
        <dt>Your role</dt><dd data-testid="role">{{RoleLabel(session.Role)}}</dd>
        <dt>Course</dt><dd data-testid="course">{{PageLayout.Encode(session.ContextTitle ?? "(no course)")}}</dd>
        <dt>Activity</dt><dd data-testid="activity">{{PageLayout.Encode(session.ResourceLinkTitle ?? "(none)")}}</dd>
        </dl>

        """;

    /// <summary>
    /// The PD leader's shortcuts: the evidence review queue one click from every instructor launch,
    /// and for a launch of a placed module, that module and its own queue. The leader pages follow,
    /// because the page header links only the learner pages and the LMS iframe has no address bar.
    /// </summary>
    private static string LeaderLinks(LtiSession session, CatalogModule? module)
    {
        if (session.Role < PdRole.Instructor)
        {
            return "";
        }

        var links = "<li><a href=\"/app/review\" data-testid=\"review-queue\">Review evidence waiting for you</a></li>";
        links += "<li><a href=\"/app/live-sessions\" data-testid=\"live-sessions\">Record live session attendance</a></li>";
        if (module is not null)
        {
            var id = Uri.EscapeDataString(module.Id);
            var title = PageLayout.Encode(module.Title);
            links = $"<li><a href=\"/app/review?module={id}\" data-testid=\"review-module\">Review evidence for {title}</a></li>" +
                    $"<li><a href=\"/app/modules/{id}\" data-testid=\"open-module\">Open {title}</a></li>" + links;
        }

        links += "<li><a href=\"/app/pathways\" data-testid=\"leader-pathways\">Pathways</a></li>"
            + "<li><a href=\"/app/compliance\" data-testid=\"leader-compliance\">Compliance</a></li>"
            + "<li><a href=\"/app/analytics\" data-testid=\"leader-analytics\">Dashboards</a></li>"
            + "<li><a href=\"/app/recognition/admin\" data-testid=\"leader-recognition\">Recognition administration</a></li>"
            + "<li><a href=\"/app/challenges\" data-testid=\"leader-challenges\">Challenges</a></li>"
            + "<li><a href=\"/app/settings\" data-testid=\"leader-settings\">District settings</a></li>";
        if (session.Role >= PdRole.Administrator)
        {
            links += "<li><a href=\"/app/admin/privacy\" data-testid=\"admin-privacy\">Personal data (export or delete)</a></li>";
        }

        return $"<nav class=\"notice\" aria-label=\"PD leader tasks\"><ul class=\"plain\">{links}</ul></nav>\n";
    }

    private static string RoleLabel(PdRole role) => role switch
    {
        PdRole.Learner => "Learner",
        PdRole.Instructor => "PD leader",
        PdRole.Administrator => "District administrator",
    };
}
