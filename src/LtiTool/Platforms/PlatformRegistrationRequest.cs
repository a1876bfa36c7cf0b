namespace LtiPd.LtiTool.Platforms;

/// <summary>What an admin supplies to register a platform (configuration, command line, dev platform).</summary>
public sealed record PlatformRegistrationRequest
{
    /// <summary>The platform's issuer.</summary>
    public required string Issuer { get; init; }

    /// <summary>The client_id the platform assigned to the tool.</summary>
    public required string ClientId { get; init; }

    /// <summary>Deployment ids to admit without approval.</summary>
    public IReadOnlyList<string> DeploymentIds { get; init; } = [];

    /// <summary>The OIDC authorization endpoint.</summary>
    public required string AuthUrl { get; init; }

    /// <summary>The OAuth 2.0 token endpoint.</summary>
    public required string TokenUrl { get; init; }

    /// <summary>The platform's JWKS URL.</summary>
    public required string JwksUrl { get; init; }

    /// <summary>The token audience when it differs from the token URL.</summary>
    public string? TokenAudience { get; init; }

    /// <summary>The owning district's display name; defaults to the issuer with the client id.</summary>
    public string? DistrictName { get; init; }

    /// <summary>
    /// The launch custom parameter that carries the teacher's school id, such as <c>school_id</c>.
    /// Null leaves an existing registration's parameter as it is.
    /// </summary>
    public string? SchoolParameter { get; init; }

    /// <summary>The launch custom parameter that carries the school's name. Null leaves an existing registration's parameter as it is.</summary>
    public string? SchoolNameParameter { get; init; }

    /// <summary>Where the registration came from.</summary>
    public string Source { get; init; } = "cli";
}
