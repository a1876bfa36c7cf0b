using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Analytics;

/// <summary>Maps the PD leader dashboards.</summary>
public static class AnalyticsEndpoints
{
    private const string Title = "PD leader dashboards";

    /// <summary>Maps <c>/app/analytics</c>: charts of the signed-in leader's district, for PD leaders and administrators only.</summary>
    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/analytics", DashboardAsync);
        return endpoints;
    }

    private static async Task<IResult> DashboardAsync(
        HttpContext context,
        SessionAccessor sessions,
        DistrictDirectory districts,
        DashboardService dashboards,
        TimeProvider timeProvider,
        IOptionsMonitor<AnalyticsOptions> options)
    {
        var cancellationToken = context.RequestAborted;
        var session = await sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var districtId = session.Role >= PdRole.Instructor ? await districts.FindDistrictAsync(session.RegistrationId, cancellationToken) : null;
        if (districtId is null)
        {
            var body = "<p role=\"alert\">Only PD leaders and district administrators can see the dashboards. Open your own progress from <a href=\"/app\">My dashboard</a>.</p>";
            return PageLayout.Result(context, PageLayout.Render(Title, body), StatusCodes.Status403Forbidden);
        }

        var choices = new DashboardChoices(
            await districts.SchoolsAsync(districtId, cancellationToken),
            await districts.CoursesAsync(districtId, cancellationToken),
            dashboards.Modules());
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var (filter, errors) = DashboardFilterParser.Parse(context.Request.Query, today, options.CurrentValue.MaxRangeDays, choices);
        if (filter is null)
        {
            var errorBody = DashboardView.RenderErrors(choices, context.Request.Query, errors);
            return PageLayout.Result(context, PageLayout.Render(Title, errorBody), StatusCodes.Status400BadRequest);
        }

        var data = await dashboards.ReadAsync(districtId, filter, choices, cancellationToken);
        return PageLayout.Result(context, PageLayout.Render(Title, DashboardView.Render(data, context.Request.Query, errors)));
    }
}
