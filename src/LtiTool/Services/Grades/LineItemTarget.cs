namespace LtiPd.LtiTool.Services.Grades;

/// <summary>The gradebook column of a module in a course, as stored in <c>ags_line_items</c>.</summary>
/// <param name="Id">Our id of the row.</param>
/// <param name="LineItemUrl">The platform's line item URL.</param>
/// <param name="ScoreMaximum">The column's maximum score.</param>
public sealed record LineItemTarget(string Id, string LineItemUrl, double ScoreMaximum);
