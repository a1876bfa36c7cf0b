using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Recognition;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>The pages a launch lands on inside the LMS iframe.</summary>
public static class AppPages
{
    /// <summary>Maps <c>/app</c> (the learner dashboard) and the deep-linking landing page; <c>/app/review</c> is mapped by <c>ReviewPages</c>.</summary>
    public static IEndpointRouteBuilder MapAppPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app", DashboardAsync);
        endpoints.MapGet("/app/deep-linking", (HttpContext context, SessionAccessor sessions) => LandingAsync(context, sessions, "Add PD to your course"));
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
        var reviewLink = session.Role >= PdRole.Instructor
            ? "<p><a href=\"/app/review\" data-testid=\"review-link\">Review evidence from your teachers</a></p>\n"
            : string.Empty;
        var notice = await notices.TakeAsync(session, context.RequestAborted);
        var recognitionSummary = await recognition.DashboardSummaryAsync(session, context.RequestAborted);
        var body = notice + SessionSummary(session) + reviewLink + DashboardView.Render(catalog.Modules, progress, recognitionSummary);
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
    private static string SessionSummary(LtiSession session) => $$"""
        <p data-testid="greeting">Hello, {{PageLayout.Encode(session.DisplayName ?? "there")}}.</p>
        <dl>
        <dt>Your role</dt><dd data-testid="role">{{RoleLabel(session.Role)}}</dd>
        <dt>Course</dt><dd data-testid="course">{{PageLayout.Encode(session.ContextTitle ?? "(no course)")}}</dd>
        <dt>Activity</dt><dd data-testid="activity">{{PageLayout.Encode(session.ResourceLinkTitle ?? "(none)")}}</dd>
        </dl>

        """;

    private static string RoleLabel(PdRole role) => role switch
    {
        PdRole.Learner => "Learner",
        PdRole.Instructor => "PD leader",
        PdRole.Administrator => "District administrator",
    };
}
