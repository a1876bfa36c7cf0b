namespace LtiPd.LtiTool.Pathways;

/// <summary>Compliance status settings, bound from the <c>Compliance</c> configuration section.</summary>
public sealed class ComplianceOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Compliance";

    /// <summary>
    /// Whether this node runs the background worker that builds the status rows of pathways.
    /// NOTE: with it off on every node, only districts of up to <see cref="MaxEvaluatedPeople"/>
    /// people get figures (evaluated in memory by each read). A larger district's page shows its
    /// older rows, or "being computed" for a pathway without rows, until a node with builds on
    /// brings them up to date. Default: true.
    /// </summary>
    public bool BackgroundBuilds { get; set; } = true;

    /// <summary>
    /// Seconds between the worker's scans of every district for due builds, which finds cycle
    /// starts, catalog changes and edits made on other nodes. Default: 60. Range: 1 to 3600.
    /// </summary>
    public int BuildScanIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Seconds the worker waits before it retries a failed build; each further failure doubles the
    /// wait, up to <see cref="MaxBuildRetrySeconds"/>. Default: 5. Range: 1 to 3600.
    /// </summary>
    public int BuildRetrySeconds { get; set; } = 5;

    /// <summary>The longest wait between retries of a failed build, in seconds. Default: 300. Range: 1 to 86,400.</summary>
    public int MaxBuildRetrySeconds { get; set; } = 300;

    /// <summary>
    /// Seconds between the worker's passes over the districts with marked people (people whose
    /// roster entry, launches or progress changed), which it evaluates again so reads rarely find
    /// changes not applied. Default: 5. Range: 1 to 3600.
    /// </summary>
    public int MarkedRefreshSeconds { get; set; } = 5;

    /// <summary>
    /// The largest district, in people (active course roster entries plus users known from
    /// launches), whose compliance a read evaluates in memory when the stored rows are not
    /// current, so its figures are exact. A larger district is shown from the stored rows with a
    /// notice of how current they are, or as being computed when a pathway has no rows yet. 0
    /// never evaluates in memory. Default: 1,000. The evaluation took 27 to 48 ms of CPU per
    /// 1,000 teachers in page-load at 10,000 teachers (docs/benchmarks.md), so the default keeps
    /// such a read near 50 ms. Range: 0 to 1,000,000.
    /// </summary>
    public int MaxEvaluatedPeople { get; set; } = 1_000;
}
