namespace LtiPd.LtiTool.Catalog;

/// <summary>A learner's answer to one quiz question, graded.</summary>
/// <param name="Question">The question.</param>
/// <param name="Chosen">The option the learner chose.</param>
public sealed record QuizAnswer(QuizQuestion Question, QuizOption Chosen)
{
    /// <summary>Whether the chosen option is the correct one.</summary>
    public bool IsCorrect => Chosen.IsCorrect;
}
