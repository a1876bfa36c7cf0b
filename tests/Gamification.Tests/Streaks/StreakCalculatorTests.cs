using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Streaks;

namespace LtiPd.Gamification.Tests.Streaks;

public sealed class StreakCalculatorTests
{
    // Monday 14 September 2026 and the Mondays after it.
    private static readonly DateOnly Week1 = new(2026, 9, 14);
    private static readonly DateOnly Week2 = Week1.AddDays(7);
    private static readonly DateOnly Week3 = Week1.AddDays(14);
    private static readonly DateOnly Week4 = Week1.AddDays(21);

    [Fact]
    public void Compute_ThreeConsecutiveWeeks_IsThree()
    {
        var days = Days(Week1.AddDays(2), Week2, Week3.AddDays(4));

        Assert.Equal(3, StreakCalculator.Compute(RuleSet.Default, days, [], Week3.AddDays(5)));
    }

    [Fact]
    public void Compute_MissedWeek_EndsStreak()
    {
        var days = Days(Week1, Week3);

        Assert.Equal(1, StreakCalculator.Compute(RuleSet.Default, days, [], Week3));
    }

    [Fact]
    public void Compute_CurrentWeekNotYetActive_KeepsStreak()
    {
        var days = Days(Week1, Week2);

        Assert.Equal(2, StreakCalculator.Compute(RuleSet.Default, days, [], Week3.AddDays(3)));
    }

    [Fact]
    public void Compute_DistrictBreakWeek_FreezesStreak()
    {
        var rules = RuleSet.Default with { CalendarBreaks = [new DateRange(Week2.AddDays(2), Week2.AddDays(4))] };
        var days = Days(Week1, Week3);

        Assert.Equal(2, StreakCalculator.Compute(rules, days, [], Week3));
    }

    [Fact]
    public void Compute_PauseWeek_FreezesStreak()
    {
        var days = Days(Week1, Week3, Week4);

        Assert.Equal(3, StreakCalculator.Compute(RuleSet.Default, days, [Week2.DayNumber], Week4));
    }

    [Fact]
    public void Compute_NoActivity_IsZero()
    {
        Assert.Equal(0, StreakCalculator.Compute(RuleSet.Default, [], [], Week4));
    }

    [Fact]
    public void WeekStart_Sunday_IsPreviousMonday()
    {
        Assert.Equal(Week1, StreakCalculator.WeekStart(Week1.AddDays(6)));
    }

    private static int[] Days(params DateOnly[] days) => days.Select(day => day.DayNumber).ToArray();
}
