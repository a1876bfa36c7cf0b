namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Settings of the developer-only LMS, bound from the <c>DevPlatform</c> section. The dev platform
/// exists only when the host environment is Development.
/// </summary>
public sealed class DevPlatformOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "DevPlatform";

    /// <summary>
    /// The dev platform's issuer, such as <c>http://localhost:5000/devlms</c>. Default: empty,
    /// which means <c>http://localhost:PORT/devlms</c> with the port the server listens on.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>The client_id the dev platform assigns to the tool. Default: <c>ltipd-dev-tool</c>.</summary>
    public string ClientId { get; set; } = "ltipd-dev-tool";

    /// <summary>The deployment id of the tool in the dev platform. Default: <c>dev-deployment-1</c>.</summary>
    public string DeploymentId { get; set; } = "dev-deployment-1";

    /// <summary>How long an id_token from the dev platform is valid, in seconds. Default: 300.</summary>
    public int IdTokenLifetimeSeconds { get; set; } = 300;

    /// <summary>How long an access token from <c>/devlms/token</c> is valid, in seconds. Default: 3600.</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 3600;
}
