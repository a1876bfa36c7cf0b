namespace LtiPd.LtiTool.Services;

/// <summary>Settings of the LTI Advantage service calls (AGS, NRPS), bound from <c>LtiServices</c>.</summary>
public sealed class LtiServicesOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "LtiServices";

    /// <summary>
    /// Seconds the client assertion's <c>iat</c> is set back. Moodle rejects an assertion issued in
    /// its future, so a platform clock a little behind ours must still accept it. Default: 5.
    /// </summary>
    public int AssertionBackdateSeconds { get; set; } = 5;

    /// <summary>Seconds a client assertion stays valid after its <c>iat</c>. Default: 60.</summary>
    public int AssertionLifetimeSeconds { get; set; } = 60;

    /// <summary>Seconds before <c>expires_in</c> runs out at which a cached access token is no longer used. Default: 60.</summary>
    public int TokenRefreshMarginSeconds { get; set; } = 60;

    /// <summary>Seconds between passes of the score delivery worker. Default: 5.</summary>
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>The most scores one delivery pass claims. Default: 50.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Seconds a node holds the scores it claimed before another node may take them over. Default: 120.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Seconds before the first retry of a failed score; each further failure doubles it. Default: 10.</summary>
    public int InitialRetryDelaySeconds { get; set; } = 10;

    /// <summary>The longest wait between two tries of a score, and the cap on a platform's <c>Retry-After</c>. Default: 3600.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>The most pages one NRPS or line items listing reads, so a platform that links pages in a loop cannot hold a sync forever. Default: 200.</summary>
    public int MaxPages { get; set; } = 200;
}
