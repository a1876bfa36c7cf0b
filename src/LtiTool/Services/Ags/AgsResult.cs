namespace LtiPd.LtiTool.Services.Ags;

/// <summary>A learner's current grade in a line item, as the platform's results service returns it.</summary>
/// <param name="UserId">The learner's LTI <c>sub</c>.</param>
/// <param name="ResultScore">The grade, on the scale of <paramref name="ResultMaximum"/>; null when none.</param>
/// <param name="ResultMaximum">The scale of the grade (the line item's maximum when the platform leaves it out).</param>
/// <param name="Comment">The grader's comment, if any.</param>
public sealed record AgsResult(string UserId, double? ResultScore, double? ResultMaximum, string? Comment);
