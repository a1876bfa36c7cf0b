namespace LtiPd.LtiTool.Review;

/// <summary>A reviewer's checked decision: approve or return, a level per rubric criterion, and feedback.</summary>
/// <param name="Approve">True to approve; false to return the evidence for revision.</param>
/// <param name="Levels">The chosen level id for every criterion id of the rubric.</param>
/// <param name="Score">The sum of the chosen levels' scores.</param>
/// <param name="MaxScore">The sum of the highest level's score over the criteria.</param>
/// <param name="Feedback">The reviewer's feedback (Markdown), trimmed; required when returning.</param>
internal sealed record EvidenceDecision(bool Approve, IReadOnlyDictionary<string, string> Levels, int Score, int MaxScore, string Feedback);
