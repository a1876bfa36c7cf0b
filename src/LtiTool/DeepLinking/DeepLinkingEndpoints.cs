namespace LtiPd.LtiTool.DeepLinking;

/// <summary>Maps the Deep Linking picker and registers its services.</summary>
public static class DeepLinkingEndpoints
{
    /// <summary>
    /// Maps <c>GET</c> and <c>POST /app/deep-linking</c>, where the launch handler sends an
    /// <c>LtiDeepLinkingRequest</c>. The post checks the session's own CSRF token, so the
    /// framework's antiforgery cookie is not used.
    /// </summary>
    public static IEndpointRouteBuilder MapDeepLinking(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/deep-linking", (HttpContext context, DeepLinkingHandler handler) => handler.ShowAsync(context));
        endpoints.MapPost("/app/deep-linking", (HttpContext context, DeepLinkingHandler handler) => handler.SubmitAsync(context))
            .DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Registers the picker, the response factory and the module option source.</summary>
    public static IServiceCollection AddDeepLinking(this IServiceCollection services)
    {
        services.AddSingleton<DeepLinkingResponseFactory>();
        services.AddSingleton<DeepLinkingHandler>();
        services.AddSingleton<IDeepLinkOptionSource, ModuleOptionSource>();
        return services;
    }
}
