namespace LtiPd.LtiTool.Registration;

/// <summary>The parts of a platform's OpenID configuration (LTI Dynamic Registration 1.0) that registration uses.</summary>
public sealed record PlatformConfiguration
{
    /// <summary>The platform's issuer.</summary>
    public required string Issuer { get; init; }

    /// <summary>The OIDC authorization endpoint.</summary>
    public required string AuthorizationEndpoint { get; init; }

    /// <summary>The OAuth 2.0 token endpoint.</summary>
    public required string TokenEndpoint { get; init; }

    /// <summary>The platform's JWKS URL.</summary>
    public required string JwksUri { get; init; }

    /// <summary>Where the tool posts its registration.</summary>
    public required string RegistrationEndpoint { get; init; }

    /// <summary>The audience of client assertions, when the platform names one (Canvas does); else the token endpoint is.</summary>
    public string? AuthorizationServer { get; init; }

    /// <summary>The scopes the platform grants.</summary>
    public IReadOnlyList<string> ScopesSupported { get; init; } = [];

    /// <summary>The platform's product family, such as <c>canvas</c> or <c>moodle</c>.</summary>
    public string? ProductFamilyCode { get; init; }

    /// <summary>
    /// The message types the platform supports with their placements. Moodle lists plain strings,
    /// which are read as messages without placements.
    /// </summary>
    public IReadOnlyList<SupportedMessage> MessagesSupported { get; init; } = [];

    /// <summary>The account name Canvas sends, used as the district name when present.</summary>
    public string? AccountName { get; init; }

    /// <summary>Whether the platform is Canvas, which needs its own privacy level and placement names.</summary>
    public bool IsCanvas => string.Equals(ProductFamilyCode, "canvas", StringComparison.OrdinalIgnoreCase);
}
