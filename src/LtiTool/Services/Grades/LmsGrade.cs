namespace LtiPd.LtiTool.Services.Grades;

/// <summary>A learner's grade for a module as the LMS gradebook holds it, read back with AGS results.</summary>
/// <param name="ContextRef">Our id of the course.</param>
/// <param name="ModuleId">The catalog module.</param>
/// <param name="Subject">The learner's LTI <c>sub</c>.</param>
/// <param name="ResultScore">The grade, or null when the gradebook has none.</param>
/// <param name="ResultMaximum">The grade's scale.</param>
/// <param name="Comment">The grader's comment, if any.</param>
/// <param name="SyncedAt">When it was read from the LMS.</param>
public sealed record LmsGrade(string ContextRef, string ModuleId, string Subject, double? ResultScore, double? ResultMaximum, string? Comment, DateTimeOffset SyncedAt);
