using LtiPd.LtiTool.Jwks;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>Maps the developer-only LMS under <c>/devlms</c>. Call it only in Development.</summary>
public static class DevPlatformEndpoints
{
    /// <summary>The path every dev platform endpoint lives under.</summary>
    public const string BasePath = "/devlms";

    /// <summary>Maps the course page, the OIDC, OAuth 2.0, AGS and NRPS endpoints, and the deep linking return.</summary>
    public static IEndpointRouteBuilder MapDevPlatform(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath).ExcludeFromDescription();
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<DevPlatformSite>().IsReady
                ? await next(context)
                : Results.Problem("The dev LMS is still starting. Retry in a moment.", statusCode: StatusCodes.Status503ServiceUnavailable));

        DevPlatformPages.Map(group);

        group.MapGet("/jwks", async (DevPlatformKeyStore keys, HttpContext context) =>
        {
            var published = await keys.GetPublicKeysAsync(context.RequestAborted);
            return Results.Json(new { keys = published.Select(JwkJson.ToPublicObject) });
        });

        group.MapMethods("/auth", [HttpMethods.Get, HttpMethods.Post], (HttpContext context, DevAuthorizationHandler handler) => handler.HandleAsync(context))
            .DisableAntiforgery();
        group.MapPost("/token", (HttpContext context, DevTokenHandler handler) => handler.HandleAsync(context))
            .DisableAntiforgery();
        group.MapPost("/deep-linking/return", (HttpContext context, DevDeepLinkingReturnHandler handler) => handler.HandleAsync(context))
            .DisableAntiforgery();

        DevAgsEndpoints.Map(group);
        DevNrpsEndpoints.Map(group);
        return endpoints;
    }
}
