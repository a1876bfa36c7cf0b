namespace LtiPd.Gamification.Rules;

/// <summary>The instants a season covers: from <paramref name="From"/> (inclusive) to <paramref name="To"/> (exclusive).</summary>
/// <param name="From">The first instant.</param>
/// <param name="To">The instant after the season.</param>
public sealed record LeaderboardSpan(DateTimeOffset From, DateTimeOffset To);
