namespace LtiPd.LtiTool.Launch;

/// <summary>Builds <see cref="ToolUrls"/> from configuration, or from the request when no public URL is set.</summary>
public static class ToolUrlsFactory
{
    /// <summary>Returns the tool's URLs for <paramref name="httpContext"/>.</summary>
    public static ToolUrls For(HttpContext httpContext, LtiOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrEmpty(options.PublicBaseUrl)
            ? new ToolUrls(options.PublicBaseUrl)
            : new ToolUrls($"{httpContext.Request.Scheme}://{httpContext.Request.Host}");
    }
}
