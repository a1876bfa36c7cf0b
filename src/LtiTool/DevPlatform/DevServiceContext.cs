using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>What the dev platform's AGS and NRPS endpoints share: the site, the gradebook and the token check.</summary>
internal sealed class DevServiceContext
{
    private readonly DevAccessTokens _accessTokens;
    private readonly IOptionsMonitor<DevPlatformOptions> _options;

    public DevServiceContext(
        DevPlatformSite site,
        DevGradebook gradebook,
        DevAccessTokens accessTokens,
        IOptionsMonitor<DevPlatformOptions> options,
        ILogger<DevServiceContext> logger)
    {
        Site = site;
        Logger = logger;
        Gradebook = gradebook;
        _accessTokens = accessTokens;
        _options = options;
    }

    public DevPlatformSite Site { get; }

    public DevGradebook Gradebook { get; }

    public ILogger Logger { get; }

    /// <summary>
    /// Returns null when the request may go on: the course exists and the token grants one of
    /// <paramref name="acceptedScopes"/>. Otherwise returns the response to send.
    /// </summary>
    public IResult? Authorize(HttpContext httpContext, string contextId, params string[] acceptedScopes)
    {
        if (_accessTokens.Authorize(httpContext, _options.CurrentValue.ClientId, acceptedScopes) is { } denied)
        {
            return denied;
        }

        return contextId == SandboxCourse.ContextId
            ? null
            : Results.Problem($"Course '{contextId}' does not exist. The dev LMS has one course, '{SandboxCourse.ContextId}'.", statusCode: StatusCodes.Status404NotFound);
    }
}
