namespace LtiPd.Gamification.Streaks;

/// <summary>One week (Monday to Sunday, district-local) of a streak calendar.</summary>
/// <param name="Start">The Monday of the week.</param>
/// <param name="State">What the week did to the streak.</param>
public sealed record StreakWeek(DateOnly Start, StreakWeekState State);
