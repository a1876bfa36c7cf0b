namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>The values a leader may filter by, each id with its display name: the district's schools and courses, and the catalog's modules.</summary>
internal sealed record DashboardChoices(
    IReadOnlyDictionary<string, string> Schools,
    IReadOnlyDictionary<string, string> Courses,
    IReadOnlyDictionary<string, string> Modules);
