using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Services.Grades;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Review;

/// <summary>Maps and registers evidence submission, evidence downloads and the PD leader review pages.</summary>
public static class ReviewPages
{
    /// <summary>
    /// Maps the learner's evidence post, <c>/app/evidence/{id}/revisions/{n}/file</c>, and the
    /// review pages: <c>/app/review</c> (queue; <c>?learner=&amp;module=</c> opens one teacher's
    /// evidence), <c>/app/review/{id}</c> and its decision post. Posts check the session's own
    /// CSRF token, so the framework's antiforgery cookie is not used.
    /// </summary>
    public static IEndpointRouteBuilder MapReviewPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/app/modules/{moduleId}/activities/{activityId}/evidence", (HttpContext context, string moduleId, string activityId, EvidencePageHandler handler) =>
                handler.SubmitAsync(context, moduleId, activityId))
            .DisableAntiforgery();
        endpoints.MapGet("/app/evidence/{submissionId}/revisions/{revision:int}/file", (HttpContext context, string submissionId, int revision, EvidencePageHandler handler) =>
            handler.DownloadAsync(context, submissionId, revision));
        endpoints.MapGet("/app/review", (HttpContext context, ReviewPageHandler handler) => handler.QueueAsync(context));
        endpoints.MapGet("/app/review/{submissionId}", (HttpContext context, string submissionId, ReviewPageHandler handler) =>
            handler.EvidenceAsync(context, submissionId));
        endpoints.MapPost("/app/review/{submissionId}/decision", (HttpContext context, string submissionId, ReviewPageHandler handler) =>
                handler.DecideAsync(context, submissionId))
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Registers evidence options (validated at start-up), storage, the state machine, the statement relay and the page handlers.</summary>
    public static IServiceCollection AddEvidenceReview(this IServiceCollection services)
    {
        services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvidenceOptions>, EvidenceOptionsValidator>();
        services.AddSingleton<EvidenceFileStore>();
        services.AddSingleton<EvidenceRepository>();
        services.AddSingleton<EvidenceStatements>();
        services.AddSingleton<EvidenceStatementRelay>();
        services.AddSingleton<EvidenceService>();
        // Grade sync reads evidence review states from these tables, whichever feature registers first.
        services.RemoveAll<IEvidenceStatusSource>();
        services.AddSingleton<IEvidenceStatusSource, ReviewEvidenceStatusSource>();
        services.AddSingleton<AwardNotices>();
        services.AddSingleton<EvidencePageHandler>();
        services.AddSingleton<ReviewPageHandler>();
        services.AddHostedService<EvidenceStatementRetryService>();
        return services;
    }
}
