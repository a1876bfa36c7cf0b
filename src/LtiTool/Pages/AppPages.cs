using System.Text;
using System.Text.Encodings.Web;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>The pages a launch lands on inside the LMS iframe.</summary>
public static class AppPages
{
    /// <summary>Maps <c>/app</c> and the landing pages of the other message types.</summary>
    public static IEndpointRouteBuilder MapAppPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app", (HttpContext context, SessionAccessor sessions) => RenderAsync(context, sessions, "Welcome"));
        endpoints.MapGet("/app/deep-linking", (HttpContext context, SessionAccessor sessions) => RenderAsync(context, sessions, "Add PD to your course"));
        endpoints.MapGet("/app/review", (HttpContext context, SessionAccessor sessions) => RenderAsync(context, sessions, "Review evidence"));
        return endpoints;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, SessionAccessor sessions, string heading)
    {
        var session = await sessions.GetAsync(context);
        context.Response.Headers.CacheControl = "no-store";
        if (session is null)
        {
            return Results.Content(
                Layout("Sign in from your LMS", "<p>Open LtiPd from your course in the LMS to sign in. Your session may have ended.</p>"),
                "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status401Unauthorized);
        }

        var encoder = HtmlEncoder.Default;
        var name = encoder.Encode(session.DisplayName ?? "there");
        var body = $$"""
            <p data-testid="greeting">Hello, {{name}}.</p>
            <dl>
            <dt>Your role</dt><dd data-testid="role">{{RoleLabel(session.Role)}}</dd>
            <dt>Course</dt><dd data-testid="course">{{encoder.Encode(session.ContextTitle ?? "(no course)")}}</dd>
            <dt>Activity</dt><dd data-testid="activity">{{encoder.Encode(session.ResourceLinkTitle ?? "(none)")}}</dd>
            </dl>
            """;
        return Results.Content(Layout(heading, body), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string RoleLabel(PdRole role) => role switch
    {
        PdRole.Learner => "Learner",
        PdRole.Instructor => "PD leader",
        PdRole.Administrator => "District administrator",
    };

    private static string Layout(string title, string body)
    {
        var encodedTitle = HtmlEncoder.Default.Encode(title);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{encodedTitle}} - LtiPd</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; color: #1b1b1b; line-height: 1.5; }
            dt { font-weight: 600; }
            dd { margin: 0 0 0.5rem 0; }
            </style>
            </head>
            <body>
            <main>
            <h1>{{encodedTitle}}</h1>
            {{body}}
            </main>
            </body>
            </html>
            """;
    }
}
