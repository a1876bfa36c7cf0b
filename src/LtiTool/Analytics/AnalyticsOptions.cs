namespace LtiPd.LtiTool.Analytics;

/// <summary>Leader dashboard settings, bound from the <c>Analytics</c> configuration section.</summary>
public sealed class AnalyticsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Analytics";

    /// <summary>Statements the projection reads in one transaction. Default: 2000. Range: 100 to 50,000.</summary>
    public int ProjectionBatchSize { get; set; } = 2000;

    /// <summary>
    /// Seconds between background projection runs on each node. Default: 30. Range: 1 to 3600.
    /// </summary>
    public int ProjectionIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// Statements a dashboard request projects itself before it reads, so a quiet district sees
    /// its latest steps. A larger backlog is left to the background run and the page says the
    /// figures are behind. Default: 20,000. Range: 0 to 1,000,000.
    /// </summary>
    public int RequestCatchUpLimit { get; set; } = 20_000;

    /// <summary>
    /// Chart queries one dashboard request runs at the same time, each on its own database
    /// connection, after it has read the learner set of the filters. 1 runs them one after
    /// another. Default: 4. Range: 1 to 16.
    /// </summary>
    public int ParallelChartQueries { get; set; } = 4;

    /// <summary>Longest date range a leader may pick, in days. Default: 731 (two years). Range: 7 to 3660.</summary>
    public int MaxRangeDays { get; set; } = 731;
}
