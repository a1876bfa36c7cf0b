using LtiPd.LtiTool.Analytics.Queries;

namespace LtiPd.LtiTool.Analytics;

/// <summary>Everything one dashboard page shows, read for one district and one filter.</summary>
internal sealed record DashboardData(
    DashboardFilter Filter,
    DashboardChoices Choices,
    IReadOnlyList<WeeklyActiveRow> WeeklyActive,
    IReadOnlyList<FunnelRow> Funnel,
    IReadOnlyList<PointsBucketRow> Points,
    IReadOnlyList<LevelRow> Levels,
    IReadOnlyList<TurnaroundRow> Turnaround,
    IReadOnlyList<ReviewerRow> Reviewers,
    IReadOnlyList<SchoolHoursRow> SchoolHours,
    long PendingStatements);
