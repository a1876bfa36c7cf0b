using LtiPd.Gamification.Data;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Streaks;
using LtiPd.Gamification.Tests.Support;

namespace LtiPd.Gamification.Tests.Streaks;

public sealed class StreakCalendarTests
{
    // Mondays: 2026-08-31, 09-07, 09-14 (today's week: 2026-09-16), 09-21, 09-28.
    private static readonly DateRange Semester = new(new DateOnly(2026, 8, 31), new DateOnly(2026, 10, 2));

    private static readonly RuleSet Rules = RuleSet.Default with
    {
        Semesters = [Semester],
        CalendarBreaks = [new DateRange(new DateOnly(2026, 9, 28), new DateOnly(2026, 9, 28))],
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void WeeksOf_Semester_MarksEachWeekState()
    {
        var today = new DateOnly(2026, 9, 16);
        int[] active = [new DateOnly(2026, 9, 1).DayNumber, new DateOnly(2026, 9, 29).DayNumber];
        int[] pauses = [new DateOnly(2026, 9, 21).DayNumber];

        var weeks = StreakCalendar.WeeksOf(Rules, Semester, active, pauses, today);

        Assert.Equal(
            [
                (new DateOnly(2026, 8, 31), StreakWeekState.Counted),
                (new DateOnly(2026, 9, 7), StreakWeekState.Missed),
                (new DateOnly(2026, 9, 14), StreakWeekState.InProgress),
                (new DateOnly(2026, 9, 21), StreakWeekState.Paused),
                (new DateOnly(2026, 9, 28), StreakWeekState.Break),
            ],
            weeks.Select(week => (week.Start, week.State)));
    }

    [Fact]
    public void WeeksOf_ActiveInBreakWeek_Counts()
    {
        var weeks = StreakCalendar.WeeksOf(Rules, Semester, [new DateOnly(2026, 9, 29).DayNumber], [], new DateOnly(2026, 10, 1));

        Assert.Equal(StreakWeekState.Counted, weeks[^1].State);
        Assert.Equal(StreakWeekState.Missed, weeks[0].State);
    }

    [Fact]
    public async Task GetCalendar_AfterLessonAndPause_ShowsBoth()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, Rules, "admin-1", Token);
        var service = new StreakService(engine, clock);
        var userId = GamificationKeys.UserId(StatementJson.HomePage, "teacher-1");
        await engine.ProcessAsync(new StatementJson { Stored = new DateTimeOffset(2026, 9, 8, 15, 0, 0, TimeSpan.Zero) }.Parse(), Token);
        await service.PauseAsync(StatementJson.DistrictId, userId, new DateOnly(2026, 9, 21), Token);

        var calendar = await service.GetCalendarAsync(StatementJson.DistrictId, userId, Token);

        Assert.Equal(Semester, calendar.Semester);
        Assert.Equal(2, calendar.PauseWeeksPerSemester);
        Assert.Equal(1, calendar.Status.PausesLeft);
        Assert.Equal(
            [StreakWeekState.Missed, StreakWeekState.Counted, StreakWeekState.InProgress, StreakWeekState.Paused, StreakWeekState.Break],
            calendar.Weeks.Select(week => week.State));
    }

    [Fact]
    public async Task GetCalendar_OutsideSemester_HasNoWeeks()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var service = new StreakService(EngineFactory.Create(db.Database, clock), clock);

        var calendar = await service.GetCalendarAsync(StatementJson.DistrictId, "user-1", Token);

        Assert.Null(calendar.Semester);
        Assert.Empty(calendar.Weeks);
    }

    [Fact]
    public async Task Pause_BreakWeek_IsInvalid()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, Rules, "admin-1", Token);

        var result = await new StreakService(engine, clock).PauseAsync(StatementJson.DistrictId, "user-1", new DateOnly(2026, 9, 30), Token);

        Assert.Equal(3505, Assert.IsType<InvalidInputError>(result.Error).Code);
    }
}
