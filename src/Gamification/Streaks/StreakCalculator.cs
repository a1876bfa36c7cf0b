using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Streaks;

/// <summary>
/// Computes weekly streaks: consecutive weeks (Monday to Sunday, district-local) with at least one
/// meaningful award. A district break week or a personal pause week without activity freezes the
/// streak instead of ending it, and the current week does not end it before it is over.
/// </summary>
public static class StreakCalculator
{
    /// <summary>Returns the Monday of the week that contains <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>Whether any weekday of the week starting <paramref name="weekStart"/> is inside a district break.</summary>
    public static bool IsBreakWeek(RuleSet rules, DateOnly weekStart)
    {
        ArgumentNullException.ThrowIfNull(rules);
        for (var offset = 0; offset < 5; offset++)
        {
            var day = weekStart.AddDays(offset);
            if (rules.CalendarBreaks.Any(range => range.Contains(day)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the streak length in weeks as of <paramref name="asOf"/>.</summary>
    /// <param name="rules">The district calendar.</param>
    /// <param name="activeDays">Day numbers (<see cref="DateOnly.DayNumber"/>) with a meaningful award.</param>
    /// <param name="pauseWeeks">Day numbers of the Mondays of the teacher's pause weeks.</param>
    /// <param name="asOf">The day to compute the streak on.</param>
    public static int Compute(RuleSet rules, IEnumerable<int> activeDays, IEnumerable<int> pauseWeeks, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var activeWeeks = activeDays
            .Where(day => day <= asOf.DayNumber)
            .Select(day => WeekStart(DateOnly.FromDayNumber(day)).DayNumber)
            .ToHashSet();
        if (activeWeeks.Count == 0)
        {
            return 0;
        }

        var paused = pauseWeeks.ToHashSet();
        var earliest = activeWeeks.Min();
        var week = WeekStart(asOf);
        var streak = 0;

        // The current week counts once it is active; until then it neither adds nor breaks.
        if (activeWeeks.Contains(week.DayNumber))
        {
            streak++;
        }

        week = week.AddDays(-7);
        while (week.DayNumber >= earliest)
        {
            if (activeWeeks.Contains(week.DayNumber))
            {
                streak++;
            }
            else if (!IsBreakWeek(rules, week) && !paused.Contains(week.DayNumber))
            {
                break;
            }

            week = week.AddDays(-7);
        }

        return streak;
    }
}
