using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Branding;

/// <summary>Finds the branding of the signed-in person's district for every <c>/app</c> page.</summary>
public static class BrandingMiddleware
{
    /// <summary>
    /// Adds middleware that puts the district's <see cref="DistrictBranding"/> into the request's
    /// items, where the page layout reads it. Requests without a session get the default look.
    /// </summary>
    public static IApplicationBuilder UseDistrictBranding(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/app", StringComparison.Ordinal))
            {
                var services = context.RequestServices;
                var session = await services.GetRequiredService<SessionAccessor>().GetAsync(context);
                if (session is not null
                    && await services.GetRequiredService<PlatformRegistry>().FindByIdAsync(session.RegistrationId, context.RequestAborted) is { } registration
                    && await services.GetRequiredService<BrandingStore>().FindAsync(registration.DistrictId, context.RequestAborted) is { } branding)
                {
                    context.Items[PageLayout.BrandingItemKey] = branding;
                }
            }

            await next(context);
        });
    }
}
