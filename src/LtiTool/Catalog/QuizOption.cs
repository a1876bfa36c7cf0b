namespace LtiPd.LtiTool.Catalog;

/// <summary>One answer option of a quiz question.</summary>
/// <param name="Id">The option's id, unique within its question.</param>
/// <param name="Text">The option as the learner reads it (plain text).</param>
/// <param name="IsCorrect">Whether this is the question's one correct option.</param>
/// <param name="Feedback">What the learner reads after choosing this option (plain text).</param>
public sealed record QuizOption(string Id, string Text, bool IsCorrect, string Feedback);
