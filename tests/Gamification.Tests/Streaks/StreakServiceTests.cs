using LtiPd.Gamification.Data;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Streaks;
using LtiPd.Gamification.Tests.Support;

namespace LtiPd.Gamification.Tests.Streaks;

public sealed class StreakServiceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pause_ThirdWeekInSemester_IsConflict()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var rules = RuleSet.Default with { Semesters = [new DateRange(new DateOnly(2026, 8, 17), new DateOnly(2026, 12, 18))] };
        await engine.ApplyRulesAsync(StatementJson.DistrictId, rules, "admin-1", Token);
        var service = new StreakService(engine, clock);
        var userId = GamificationKeys.UserId(StatementJson.HomePage, "teacher-1");
        var today = new DateOnly(2026, 9, 14);

        var first = await service.PauseAsync(StatementJson.DistrictId, userId, today.AddDays(7), Token);
        var second = await service.PauseAsync(StatementJson.DistrictId, userId, today.AddDays(14), Token);
        var third = await service.PauseAsync(StatementJson.DistrictId, userId, today.AddDays(21), Token);

        Assert.Equal(1, first.Value!.PausesLeft);
        Assert.Equal(0, second.Value!.PausesLeft);
        Assert.IsType<ConflictError>(third.Error);
    }

    [Theory]
    [InlineData(-7, 3501)]
    [InlineData(140, 3502)]
    public async Task Pause_PastWeekOrOutsideSemester_IsInvalid(int offsetDays, int code)
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var rules = RuleSet.Default with { Semesters = [new DateRange(new DateOnly(2026, 8, 17), new DateOnly(2026, 12, 18))] };
        await engine.ApplyRulesAsync(StatementJson.DistrictId, rules, "admin-1", Token);
        var service = new StreakService(engine, clock);

        var result = await service.PauseAsync(StatementJson.DistrictId, "user-1", new DateOnly(2026, 9, 14).AddDays(offsetDays), Token);

        Assert.Equal(code, Assert.IsType<InvalidInputError>(result.Error).Code);
    }

    [Fact]
    public async Task Get_AfterLessonsInTwoWeeks_ReportsStreak()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var monday = new DateTimeOffset(2026, 9, 7, 15, 0, 0, TimeSpan.Zero);
        await engine.ProcessAsync(new StatementJson { Stored = monday }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Stored = monday.AddDays(7), ActivityId = "https://pd.district.test/lessons/2" }.Parse(), Token);

        var status = await new StreakService(engine, clock).GetAsync(
            StatementJson.DistrictId, GamificationKeys.UserId(StatementJson.HomePage, "teacher-1"), Token);

        Assert.Equal(new StreakStatus(2, true, 0), status);
    }
}
