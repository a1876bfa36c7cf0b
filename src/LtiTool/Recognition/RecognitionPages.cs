using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.Recognition.Challenges;
using LtiPd.LtiTool.Recognition.LiveSessions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>Maps the recognition pages and the public Open Badges documents.</summary>
public static class RecognitionPages
{
    /// <summary>
    /// Maps <c>/app/recognition</c> (points, level, badges, streak), its leaderboards, opt-in and
    /// pause posts, the streak calendar at <c>/app/recognition/streak</c>, the challenge pages under
    /// <c>/app/challenges</c>, badge downloads, the administration page under <c>/app/recognition/admin</c>,
    /// the PD leader's live session attendance at <c>/app/live-sessions</c>, and the public
    /// documents under <c>/badges</c>. Posts check the session's own CSRF token.
    /// </summary>
    public static IEndpointRouteBuilder MapRecognition(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/recognition", (HttpContext context, RecognitionPageHandler handler) => handler.SummaryAsync(context));
        endpoints.MapGet("/app/recognition/leaderboards", (HttpContext context, RecognitionPageHandler handler) => handler.LeaderboardsAsync(context));
        endpoints.MapGet("/app/recognition/badges/{badgeId}/credential", (HttpContext context, string badgeId, string? format, RecognitionPageHandler handler) =>
            handler.CredentialAsync(context, badgeId, format));
        endpoints.MapPost("/app/recognition/opt-in", (HttpContext context, RecognitionPageHandler handler) => handler.OptInAsync(context))
            .DisableAntiforgery();
        endpoints.MapGet("/app/recognition/streak", (HttpContext context, RecognitionPageHandler handler) => handler.StreakCalendarAsync(context));
        endpoints.MapPost("/app/recognition/streak/pause", (HttpContext context, RecognitionPageHandler handler, TimeProvider timeProvider) =>
                handler.PauseAsync(context, timeProvider))
            .DisableAntiforgery();

        endpoints.MapGet("/app/recognition/admin", (HttpContext context, RecognitionAdminHandler handler) => handler.PageAsync(context));
        endpoints.MapPost("/app/recognition/admin/awards/{awardKey}/{decision:regex(^(reverse|release|reject)$)}",
                (HttpContext context, string awardKey, string decision, RecognitionAdminHandler handler) => handler.DecideAsync(context, awardKey, decision))
            .DisableAntiforgery();
        endpoints.MapPost("/app/recognition/admin/rules/preview", (HttpContext context, RecognitionAdminHandler handler) => handler.RulesAsync(context, apply: false))
            .DisableAntiforgery();
        endpoints.MapPost("/app/recognition/admin/rules/apply", (HttpContext context, RecognitionAdminHandler handler) => handler.RulesAsync(context, apply: true))
            .DisableAntiforgery();
        endpoints.MapPost("/app/recognition/admin/credentials/revoke", (HttpContext context, RecognitionAdminHandler handler) => handler.RevokeAsync(context))
            .DisableAntiforgery();

        endpoints.MapGet("/app/live-sessions", (HttpContext context, LiveSessionPageHandler handler) => handler.PageAsync(context));
        endpoints.MapPost("/app/live-sessions", (HttpContext context, LiveSessionPageHandler handler) => handler.RecordAsync(context))
            .DisableAntiforgery();
        endpoints.MapGet("/app/live-sessions/{sessionId}", (HttpContext context, string sessionId, LiveSessionPageHandler handler) => handler.DetailAsync(context, sessionId));
        endpoints.MapPost("/app/live-sessions/{sessionId}/corrections", (HttpContext context, string sessionId, LiveSessionPageHandler handler) => handler.CorrectAsync(context, sessionId))
            .DisableAntiforgery();

        endpoints.MapGet("/app/challenges", (HttpContext context, ChallengePageHandler handler) => handler.ListAsync(context));
        endpoints.MapPost("/app/challenges", (HttpContext context, ChallengePageHandler handler) => handler.CreateAsync(context))
            .DisableAntiforgery();
        endpoints.MapGet("/app/challenges/{challengeId}", (HttpContext context, string challengeId, ChallengePageHandler handler) => handler.DetailAsync(context, challengeId));
        endpoints.MapPost("/app/challenges/{challengeId}/join", (HttpContext context, string challengeId, ChallengePageHandler handler) => handler.JoinAsync(context, challengeId))
            .DisableAntiforgery();
        endpoints.MapPost("/app/challenges/{challengeId}/end", (HttpContext context, string challengeId, ChallengePageHandler handler) => handler.EndAsync(context, challengeId))
            .DisableAntiforgery();

        endpoints.MapBadgeEndpoints();
        return endpoints;
    }

    /// <summary>Registers the recognition pages' services. Call it after <c>AddXapiLearning</c>, which adds the engine.</summary>
    public static IServiceCollection AddRecognition(this IServiceCollection services)
    {
        services.AddSingleton<RecognitionViewers>();
        services.AddSingleton<BadgeIssuing>();
        services.AddSingleton<BadgeKeyStore>();
        services.AddSingleton<LeaderboardPage>();
        services.TryAddSingleton<LevelImageStore>();
        services.AddSingleton<RecognitionPageHandler>();
        services.AddSingleton<RecognitionAdminHandler>();
        services.AddSingleton<LiveSessionRecorder>();
        services.AddSingleton<LiveSessionPageHandler>();
        services.AddSingleton<ChallengePageHandler>();
        return services;
    }
}
