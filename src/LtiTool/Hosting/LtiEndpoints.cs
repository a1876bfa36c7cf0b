using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Oidc;

namespace LtiPd.LtiTool.Hosting;

/// <summary>Maps the LTI protocol endpoints. Their paths are contracts LMS admins configure.</summary>
public static class LtiEndpoints
{
    /// <summary>Maps <c>/lti/login</c>, <c>/lti/launch</c> and <c>/.well-known/jwks.json</c>.</summary>
    public static IEndpointRouteBuilder MapLtiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/lti/login", [HttpMethods.Get, HttpMethods.Post],
                (HttpContext context, LoginHandler handler) => handler.HandleAsync(context))
            .DisableAntiforgery()
            .WithName("LtiLogin");

        endpoints.MapPost("/lti/launch", (HttpContext context, LaunchHandler handler) => handler.HandleAsync(context))
            .DisableAntiforgery()
            .WithName("LtiLaunch");

        endpoints.MapGet("/.well-known/jwks.json", async (ToolKeyStore keys, HttpContext context) =>
            {
                var published = await keys.GetPublishedKeysAsync(context.RequestAborted);
                context.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Json(new { keys = published.Select(JwkJson.ToPublicObject) });
            })
            .WithName("ToolJwks");

        return endpoints;
    }
}
