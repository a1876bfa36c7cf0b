using LtiPd.XapiBridge.Statements;

namespace LtiPd.XapiBridge.Profile;

/// <summary>A question as the answered statement describes it.</summary>
/// <param name="Id">The question id in LtiPd.</param>
/// <param name="Prompt">The question text.</param>
/// <param name="InteractionType">One of <see cref="InteractionTypes"/>.</param>
/// <param name="Choices">The options of a choice or sequencing question: id and text.</param>
/// <param name="CorrectResponses">The correct responses in xAPI response-pattern form, if any.</param>
public sealed record PdQuestion(
    string Id,
    string Prompt,
    string InteractionType,
    IReadOnlyList<KeyValuePair<string, string>>? Choices = null,
    IReadOnlyList<string>? CorrectResponses = null);
