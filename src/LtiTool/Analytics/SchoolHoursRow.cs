namespace LtiPd.LtiTool.Analytics;

/// <summary>PD hours a school's learners earned: module completions times each module's credit hours in the catalog.</summary>
/// <param name="SchoolId">The school, or null for learners with no school recorded.</param>
/// <param name="SchoolName">The school's name, or a placeholder sentence for null.</param>
/// <param name="Completions">Module completions in the range.</param>
/// <param name="Hours">Credit hours of those completions.</param>
internal sealed record SchoolHoursRow(string? SchoolId, string SchoolName, long Completions, decimal Hours);
