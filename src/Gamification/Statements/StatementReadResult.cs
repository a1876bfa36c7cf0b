namespace LtiPd.Gamification.Statements;

/// <summary>A parsed statement, or the reason it cannot be used for gamification.</summary>
/// <param name="Statement">The parsed statement, or null when <paramref name="Error"/> is set.</param>
/// <param name="Error">What is missing or invalid, naming the JSON path; null on success.</param>
public sealed record StatementReadResult(GamificationStatement? Statement, string? Error)
{
    /// <summary>Whether the statement was parsed.</summary>
    public bool IsSuccess => Statement is not null;
}
