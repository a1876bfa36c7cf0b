namespace LtiPd.LtiTool.Pages;

/// <summary>Maps the module catalog and the activity player.</summary>
public static class CatalogPages
{
    /// <summary>
    /// Maps <c>/app/modules</c>, <c>/app/modules/{moduleId}</c> and the activity player with its
    /// three form posts (<c>done</c>, <c>quiz</c>, <c>reflection</c>). The posts check the
    /// session's own CSRF token, so the framework's antiforgery cookie is not used.
    /// </summary>
    public static IEndpointRouteBuilder MapCatalogPages(this IEndpointRouteBuilder endpoints)
    {
        const string Activity = "/app/modules/{moduleId}/activities/{activityId}";

        endpoints.MapGet("/app/modules", (HttpContext context, LearnerPageHandler handler) => handler.ListAsync(context));
        endpoints.MapGet("/app/modules/{moduleId}", (HttpContext context, string moduleId, LearnerPageHandler handler) =>
            handler.ModuleAsync(context, moduleId));
        endpoints.MapGet(Activity, (HttpContext context, string moduleId, string activityId, LearnerPageHandler handler) =>
            handler.ActivityAsync(context, moduleId, activityId));
        endpoints.MapPost(Activity + "/done", (HttpContext context, string moduleId, string activityId, LearnerPageHandler handler) =>
                handler.MarkDoneAsync(context, moduleId, activityId))
            .DisableAntiforgery();
        endpoints.MapPost(Activity + "/quiz", (HttpContext context, string moduleId, string activityId, LearnerPageHandler handler) =>
                handler.SubmitQuizAsync(context, moduleId, activityId))
            .DisableAntiforgery();
        endpoints.MapPost(Activity + "/reflection", (HttpContext context, string moduleId, string activityId, LearnerPageHandler handler) =>
                handler.SubmitReflectionAsync(context, moduleId, activityId))
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Registers the services the learner pages use.</summary>
    public static IServiceCollection AddLearnerPages(this IServiceCollection services)
    {
        services.AddSingleton<LearningEvents>();
        services.AddSingleton<LearnerPageHandler>();
        return services;
    }
}
