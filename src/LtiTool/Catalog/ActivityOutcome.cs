namespace LtiPd.LtiTool.Catalog;

/// <summary>The result of one submission of an activity, as <see cref="ProgressStore"/> records it.</summary>
/// <param name="IsDone">Whether this submission completes the activity.</param>
/// <param name="ScorePercent">The quiz score in percent, for quizzes.</param>
/// <param name="Response">The reflection text or quiz answers to keep, if any.</param>
public sealed record ActivityOutcome(bool IsDone, int? ScorePercent = null, string? Response = null);
