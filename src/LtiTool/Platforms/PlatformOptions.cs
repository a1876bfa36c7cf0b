namespace LtiPd.LtiTool.Platforms;

/// <summary>
/// One platform registration in configuration (<c>Lti:Platforms:N</c>), so environment variables
/// such as <c>Lti__Platforms__0__Issuer</c> work.
/// </summary>
public sealed class PlatformOptions
{
    /// <summary>The platform's issuer, such as <c>https://canvas.instructure.com</c>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The client_id the platform assigned to the tool.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Deployment ids admitted without approval.</summary>
    public List<string> DeploymentIds { get; set; } = [];

    /// <summary>The platform's OIDC authorization endpoint.</summary>
    public string AuthUrl { get; set; } = "";

    /// <summary>The platform's OAuth 2.0 token endpoint.</summary>
    public string TokenUrl { get; set; } = "";

    /// <summary>The platform's JWKS URL.</summary>
    public string JwksUrl { get; set; } = "";

    /// <summary>The token audience when it differs from <see cref="TokenUrl"/> (Moodle, some Canvas hosts).</summary>
    public string? TokenAudience { get; set; }

    /// <summary>The owning district's name. Default: the issuer with the client id, such as <c>https://canvas.instructure.com (client 10000000000123)</c>.</summary>
    public string? District { get; set; }

    /// <summary>
    /// The launch custom parameter that carries the teacher's school id, such as <c>school_id</c>
    /// mapped to <c>$Canvas.account.id</c> in the Canvas developer key. Default: none, so schools
    /// come only from an imported roster CSV.
    /// </summary>
    public string? SchoolParameter { get; set; }

    /// <summary>The launch custom parameter that carries the school's name, such as <c>school_name</c> mapped to <c>$Canvas.account.name</c>. Default: none.</summary>
    public string? SchoolNameParameter { get; set; }
}
