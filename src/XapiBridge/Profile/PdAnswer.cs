using LtiPd.XapiBridge.Statements;

namespace LtiPd.XapiBridge.Profile;

/// <summary>A learner's answer to a <see cref="PdQuestion"/>.</summary>
/// <param name="Response">The response in xAPI response-pattern form (choice ids joined by <c>[,]</c>).</param>
/// <param name="Success">Whether it was correct; null for ungraded questions.</param>
/// <param name="Score">The score, if the question is scored.</param>
/// <param name="Duration">The time on task that the answer's <c>result.duration</c> reports.</param>
public sealed record PdAnswer(string Response, bool? Success = null, Score? Score = null, TimeSpan? Duration = null);
