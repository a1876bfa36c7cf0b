namespace LtiPd.Gamification.Leaderboards;

/// <summary>One row of an individual leaderboard.</summary>
/// <param name="Rank">The rank; equal points share a rank (1, 2, 2, 4).</param>
/// <param name="DisplayName">The name, or null when the teacher has not opted in to show it.</param>
/// <param name="Points">Counted points in the period and scope.</param>
/// <param name="IsViewer">Whether this row is the teacher who asked.</param>
public sealed record LeaderboardEntry(int Rank, string? DisplayName, int Points, bool IsViewer);
