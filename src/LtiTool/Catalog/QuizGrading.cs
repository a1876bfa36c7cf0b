namespace LtiPd.LtiTool.Catalog;

/// <summary>The outcome of grading a quiz form: a result, or the questions left unanswered or answered with an unknown option.</summary>
/// <param name="Result">The graded quiz, when every question has a known answer.</param>
/// <param name="Unanswered">The questions with no answer or an answer that is not one of their options.</param>
public sealed record QuizGrading(QuizResult? Result, IReadOnlyList<QuizQuestion> Unanswered);
