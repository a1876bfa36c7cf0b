namespace LtiPd.LtiTool.Catalog;

/// <summary>The questions of a quiz activity and the score that counts as mastery.</summary>
/// <param name="MasteryPercent">The share of correct answers needed to pass, in percent (1-100).</param>
/// <param name="Questions">The questions, in the order shown.</param>
public sealed record QuizSpec(int MasteryPercent, IReadOnlyList<QuizQuestion> Questions);
