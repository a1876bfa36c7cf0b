namespace LtiPd.Gamification.Streaks;

/// <summary>A teacher's weekly streak.</summary>
/// <param name="Weeks">Consecutive active weeks, breaks and pauses skipped.</param>
/// <param name="ActiveThisWeek">Whether the current week already has a meaningful award.</param>
/// <param name="PausesLeft">Pause weeks left in the current semester; 0 outside any semester.</param>
public sealed record StreakStatus(int Weeks, bool ActiveThisWeek, int PausesLeft);
