namespace LtiPd.Gamification.Leaderboards;

/// <summary>A season: awards stored from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive); null ends are open.</summary>
/// <param name="From">The first instant, or null for no lower bound.</param>
/// <param name="To">The instant after the season, or null for no upper bound.</param>
public sealed record LeaderboardPeriod(DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>All time.</summary>
    public static LeaderboardPeriod AllTime { get; } = new(null, null);
}
