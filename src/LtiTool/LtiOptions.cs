using LtiPd.LtiTool.Platforms;

namespace LtiPd.LtiTool;

/// <summary>LTI settings, bound from the <c>Lti</c> configuration section.</summary>
public sealed class LtiOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Lti";

    /// <summary>Platforms registered from configuration; applied to the registry at start-up.</summary>
    public List<PlatformOptions> Platforms { get; set; } = [];

    /// <summary>
    /// The tool's public base URL, such as <c>https://pd.district.example.org</c>. It builds the
    /// launch redirect URI and decides which target_link_uri values point at this tool. When
    /// empty, the request's scheme and host are used (fine behind a proxy that forwards them).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Whether platform endpoints and the tool's own URLs must use HTTPS. Default: true; Development turns it off.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Leeway for exp, iat and nbf, in seconds. Default: 60.</summary>
    public int ClockSkewSeconds { get; set; } = 60;

    /// <summary>How long a login (state and nonce) waits for its launch, in seconds. Default: 600.</summary>
    public int LoginLifetimeSeconds { get; set; } = 600;

    /// <summary>
    /// The minimum time a used nonce is remembered, in seconds. A nonce is always kept at least
    /// until its token expires (plus leeway). Default: 3600.
    /// </summary>
    public int NonceRetentionSeconds { get; set; } = 3600;

    /// <summary>How long a session lasts after a launch, in minutes. Default: 480 (a school day).</summary>
    public int SessionLifetimeMinutes { get; set; } = 480;

    /// <summary>Signature algorithms accepted on id_tokens. Default and only sensible value: RS256.</summary>
    public List<string> AllowedAlgorithms { get; set; } = ["RS256"];

    /// <summary>Minimum RSA key size accepted from a platform JWKS, in bits. Default: 2048.</summary>
    public int MinimumRsaKeySize { get; set; } = 2048;

    /// <summary>How long a fetched platform JWKS is used without refetching, in seconds. Default: 3600.</summary>
    public int JwksCacheSeconds { get; set; } = 3600;

    /// <summary>
    /// The minimum interval between two refetches of one JWKS triggered by an unknown kid, in
    /// seconds. Bounds the load a flood of bad tokens can put on the platform. Default: 10.
    /// </summary>
    public int JwksRefetchIntervalSeconds { get; set; } = 10;

    /// <summary>
    /// The maximum time a launch waits for a platform JWKS, retries included, in seconds. Each attempt
    /// gets two fifths of it. Default: 10.
    /// </summary>
    public int JwksTimeoutSeconds { get; set; } = 10;

    /// <summary>The User-Agent on every outbound call (Canvas requires one). Default: <c>LtiPd/1.0</c>.</summary>
    public string UserAgent { get; set; } = "LtiPd/1.0";

    /// <summary>
    /// How long a new tool key is published in the JWKS before <c>keys rotate</c> may switch to it,
    /// in minutes, so platforms that cache our JWKS already know it. Default: 1440 (one day).
    /// </summary>
    public int KeyPublishMinutes { get; set; } = 1440;
}
