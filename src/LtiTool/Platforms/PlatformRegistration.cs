namespace LtiPd.LtiTool.Platforms;

/// <summary>
/// One LMS registration of this tool: the platform's issuer and the client_id it gave us, with
/// every endpoint stored as registered (never derived from the issuer). Canvas and Schoology use
/// one issuer for every customer, so (issuer, client_id) is the key.
/// </summary>
public sealed record PlatformRegistration
{
    /// <summary>Our own id for the registration; every record scoped to it carries this.</summary>
    public required string Id { get; init; }

    /// <summary>The district that owns the registration.</summary>
    public required string DistrictId { get; init; }

    /// <summary>The platform's issuer (<c>iss</c>), compared exactly.</summary>
    public required string Issuer { get; init; }

    /// <summary>The OAuth client_id the platform assigned to this tool.</summary>
    public required string ClientId { get; init; }

    /// <summary>The platform's OIDC authorization endpoint (the login redirect target).</summary>
    public required string AuthUrl { get; init; }

    /// <summary>The platform's OAuth 2.0 token endpoint for LTI Advantage services.</summary>
    public required string TokenUrl { get; init; }

    /// <summary>The URL of the platform's JSON Web Key Set.</summary>
    public required string JwksUrl { get; init; }

    /// <summary>The <c>aud</c> for our client assertions when it is not the token URL.</summary>
    public string? TokenAudience { get; init; }

    /// <summary>The launch custom parameter that carries the teacher's school id, or null when launches map no school.</summary>
    public string? SchoolParameter { get; init; }

    /// <summary>The launch custom parameter that carries the school's name, or null.</summary>
    public string? SchoolNameParameter { get; init; }

    /// <summary>Where the registration came from: <c>configuration</c>, <c>cli</c>, <c>dynamic</c> or <c>dev</c>.</summary>
    public string Source { get; init; } = "cli";
}
