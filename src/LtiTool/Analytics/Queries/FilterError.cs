namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>A rejected filter value: the query parameter, the value as sent and what to do instead.</summary>
/// <param name="Parameter">The query parameter, such as <c>from</c>.</param>
/// <param name="Message">The sentence shown to the leader, naming the value and the fix.</param>
internal sealed record FilterError(string Parameter, string Message);
