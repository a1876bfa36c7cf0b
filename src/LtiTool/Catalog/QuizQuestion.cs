namespace LtiPd.LtiTool.Catalog;

/// <summary>A multiple-choice question with exactly one correct option.</summary>
/// <param name="Id">The question's id, unique within its quiz.</param>
/// <param name="Prompt">The question (plain text).</param>
/// <param name="Options">The options, in the order shown; exactly one is correct.</param>
public sealed record QuizQuestion(string Id, string Prompt, IReadOnlyList<QuizOption> Options);
