namespace LtiPd.LtiTool.Services.Grades;

/// <summary>A learner's grade in a module, in the terms of an AGS score.</summary>
/// <param name="ScoreGiven">The points counted toward the module, at most <paramref name="ScoreMaximum"/>.</param>
/// <param name="ScoreMaximum">The module's points to complete.</param>
/// <param name="ActivityProgress">InProgress, Submitted or Completed.</param>
/// <param name="GradingProgress">FullyGraded, or PendingManual while evidence waits for review.</param>
/// <param name="Comment">The reviewer's comment, when there is one.</param>
public sealed record ModuleScore(double ScoreGiven, double ScoreMaximum, string ActivityProgress, string GradingProgress, string? Comment);
