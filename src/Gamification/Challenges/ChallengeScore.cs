namespace LtiPd.Gamification.Challenges;

/// <summary>A challenge participant's or team's score.</summary>
/// <param name="Rank">The rank; equal scores share a rank.</param>
/// <param name="Key">The user id in an individual challenge, the team id in a team challenge.</param>
/// <param name="Score">Points in the challenge window; for teams the members' average, rounded to one decimal.</param>
/// <param name="Members">The user ids the score covers.</param>
public sealed record ChallengeScore(int Rank, string Key, double Score, IReadOnlyList<string> Members);
