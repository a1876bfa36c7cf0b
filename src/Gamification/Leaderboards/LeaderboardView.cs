namespace LtiPd.Gamification.Leaderboards;

/// <summary>A leaderboard as shown to one teacher: the top rows, and their own place with a few neighbours.</summary>
/// <param name="Top">The first rows of the board.</param>
/// <param name="AroundViewer">The viewer's row with up to the requested neighbours either side; empty when the viewer is not on the board.</param>
/// <param name="ViewerRank">The viewer's rank, or null when the viewer is not on the board.</param>
/// <param name="RankedCount">How many teachers the board ranks.</param>
public sealed record LeaderboardView(
    IReadOnlyList<LeaderboardEntry> Top,
    IReadOnlyList<LeaderboardEntry> AroundViewer,
    int? ViewerRank,
    int RankedCount);
