namespace LtiPd.Gamification.Badges;

/// <summary>
/// The days of the activity a badge recognizes, in the district's calendar: for a challenge
/// badge, the challenge's first and last day.
/// </summary>
/// <param name="FirstDay">The first day, in the district's time zone.</param>
/// <param name="LastDay">The last day that counted, in the district's time zone.</param>
public sealed record BadgeActivityPeriod(DateOnly FirstDay, DateOnly LastDay);
