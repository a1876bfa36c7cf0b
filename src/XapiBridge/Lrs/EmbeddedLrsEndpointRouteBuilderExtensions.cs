using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>Maps the embedded LRS into the host's routes.</summary>
public static class EmbeddedLrsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the xAPI resources under <paramref name="prefix"/> (for example <c>/xapi</c>):
    /// statements, activities, activities/state, activities/profile, agents, agents/profile and
    /// about, for every HTTP method, so the LRS itself answers 405 or unfolds the alternate syntax.
    /// </summary>
    public static IEndpointConventionBuilder MapEmbeddedLrs(this IEndpointRouteBuilder endpoints, string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var mountPath = "/" + prefix.Trim('/');
        var handler = endpoints.ServiceProvider.GetRequiredService<LrsRequestHandler>();
        return endpoints.Map(mountPath + "/{**resource}", context =>
            handler.HandleAsync(context, mountPath, context.Request.RouteValues["resource"] as string ?? ""));
    }
}
