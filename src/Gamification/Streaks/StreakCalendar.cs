using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Streaks;

/// <summary>The weeks of the current semester and the teacher's streak, shown only to the teacher.</summary>
/// <param name="Status">The streak as of today.</param>
/// <param name="Semester">The semester that contains today, or null outside every semester.</param>
/// <param name="Weeks">The weeks of <paramref name="Semester"/> in order; empty outside every semester.</param>
/// <param name="PauseWeeksPerSemester">The pause weeks the district allows per semester.</param>
public sealed record StreakCalendar(StreakStatus Status, DateRange? Semester, IReadOnlyList<StreakWeek> Weeks, int PauseWeeksPerSemester)
{
    /// <summary>Builds the weeks of <paramref name="semester"/> from the teacher's active days and pause weeks.</summary>
    /// <param name="rules">The district calendar.</param>
    /// <param name="semester">The semester to lay out.</param>
    /// <param name="activeDays">Day numbers (<see cref="DateOnly.DayNumber"/>) with a meaningful award.</param>
    /// <param name="pauseWeeks">Day numbers of the Mondays of the teacher's pause weeks.</param>
    /// <param name="today">Today in the district's time zone.</param>
    public static IReadOnlyList<StreakWeek> WeeksOf(RuleSet rules, DateRange semester, IEnumerable<int> activeDays, IEnumerable<int> pauseWeeks, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(semester);
        var activeWeeks = activeDays
            .Where(day => day <= today.DayNumber)
            .Select(day => StreakCalculator.WeekStart(DateOnly.FromDayNumber(day)).DayNumber)
            .ToHashSet();
        var paused = pauseWeeks.ToHashSet();
        var current = StreakCalculator.WeekStart(today);
        var weeks = new List<StreakWeek>();
        for (var week = StreakCalculator.WeekStart(semester.Start); week <= semester.End; week = week.AddDays(7))
        {
            // A week with activity counts even when it was paused or a break, as the streak computation counts it.
            var state = activeWeeks.Contains(week.DayNumber) ? StreakWeekState.Counted
                : paused.Contains(week.DayNumber) ? StreakWeekState.Paused
                : StreakCalculator.IsBreakWeek(rules, week) ? StreakWeekState.Break
                : week == current ? StreakWeekState.InProgress
                : week > current ? StreakWeekState.Upcoming
                : StreakWeekState.Missed;
            weeks.Add(new StreakWeek(week, state));
        }

        return weeks;
    }
}
