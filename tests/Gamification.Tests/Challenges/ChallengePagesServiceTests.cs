using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.Gamification.Tests.Challenges;

/// <summary>The challenge features the challenge pages use: own badge, goal, ending early, listing per tenant.</summary>
public sealed class ChallengePagesServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 14, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task EndNow_GoalReached_AwardsOwnBadgeOnly(DatabaseProvider provider)
    {
        // Arrange: a goal of 20 points; teacher-1 reaches it before the leader ends the challenge,
        // teacher-2 reaches 10 before and 10 more after the end, which no longer count.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        var challenge = Challenge("sprint") with { GoalPoints = 20 };
        var created = await service.CreateAsync(StatementJson.DistrictId, challenge, new ChallengeBadge("Sprint winner", "Won the fall sprint."), "leader-1", Token);
        await service.JoinAsync(StatementJson.DistrictId, "sprint", User("teacher-1"), null, Token);
        await service.JoinAsync(StatementJson.DistrictId, "sprint", User("teacher-2"), null, Token);
        await Lesson(engine, "teacher-1", 1, Start.AddHours(1));
        await Lesson(engine, "teacher-1", 2, Start.AddHours(2));
        await Lesson(engine, "teacher-2", 1, Start.AddHours(3));
        clock.SetUtcNow(Start.AddDays(2));

        // Act
        var ended = await service.EndNowAsync(StatementJson.DistrictId, "sprint", "leader-1", Token);
        await Lesson(engine, "teacher-2", 2, Start.AddDays(3));
        var endedAgain = await service.EndNowAsync(StatementJson.DistrictId, "sprint", "leader-1", Token);
        var stored = (await service.FindAsync(StatementJson.DistrictId, "sprint", Token)).Value!;
        var scores = (await service.GetScoresAsync(StatementJson.DistrictId, "sprint", Token)).Value!;

        // Assert
        Assert.Equal("challenge-sprint", created.Value!.BadgeId);
        var badge = Assert.Single((await engine.GetRulesAsync(StatementJson.DistrictId, Token)).Badges, b => b.Id == "challenge-sprint");
        Assert.Equal((BadgeCriterion.ChallengesWon, 1, "sprint"), (badge.Criterion, badge.Threshold, Assert.Single(badge.ActivityIds)));
        Assert.Contains("reaches 20 points", badge.CriteriaNarrative, StringComparison.Ordinal);
        Assert.Equal([User("teacher-1")], ended.Value!);
        Assert.Equal([User("teacher-1")], endedAgain.Value!);
        Assert.Equal(Start.AddDays(2), stored.EndsAt);
        Assert.Equal("leader-1", stored.EndedEarlyBy);
        Assert.Equal(Start.AddDays(2), stored.ClosedAt);
        Assert.Equal(10.0, scores.Single(score => score.Key == User("teacher-2")).Score);
        var standings = await engine.GetStandingsAsync(StatementJson.DistrictId, Token);
        Assert.Contains("challenge-sprint", standings.Single(s => s.UserId == User("teacher-1")).Badges);
        Assert.DoesNotContain("challenge-sprint", standings.Single(s => s.UserId == User("teacher-2")).Badges);
    }

    [Fact]
    public async Task OwnBadge_Narrative_NamesLastDay()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);

        await service.CreateAsync(StatementJson.DistrictId, Challenge("week"), new ChallengeBadge("Week", "One week."), "leader-1", Token);

        var badge = Assert.Single((await engine.GetRulesAsync(StatementJson.DistrictId, Token)).Badges, b => b.Id == "challenge-week");
        Assert.EndsWith("between 2026-09-14 and 2026-09-20 (UTC time).", badge.CriteriaNarrative, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnBadge_OtherChallengeWon_IsNotEarned()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await service.CreateAsync(StatementJson.DistrictId, Challenge("first"), new ChallengeBadge("First", "First challenge."), "leader-1", Token);
        await service.CreateAsync(StatementJson.DistrictId, Challenge("second"), new ChallengeBadge("Second", "Second challenge."), "leader-1", Token);
        await service.JoinAsync(StatementJson.DistrictId, "first", User("teacher-1"), null, Token);
        await Lesson(engine, "teacher-1", 1, Start.AddHours(1));
        clock.SetUtcNow(Start.AddDays(7));

        await service.CloseAsync(StatementJson.DistrictId, "first", Token);

        var badges = (await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Single(s => s.UserId == User("teacher-1")).Badges;
        Assert.Contains("challenge-first", badges);
        Assert.DoesNotContain("challenge-second", badges);
    }

    [Fact]
    public async Task List_OtherTenant_SeesNoChallenges()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var service = new ChallengeService(EngineFactory.Create(db.Database, clock), clock);
        await service.CreateAsync(StatementJson.DistrictId, Challenge("ours") with { SchoolId = "school-7" }, Token);

        var own = await service.ListAsync(StatementJson.DistrictId, Token);
        var other = await service.ListAsync("other-district", Token);
        var found = await service.FindAsync("other-district", "ours", Token);
        var ended = await service.EndNowAsync("other-district", "ours", "leader-9", Token);

        Assert.Equal("school-7", Assert.Single(own).SchoolId);
        Assert.Empty(other);
        Assert.IsType<NotFoundError>(found.Error);
        Assert.IsType<NotFoundError>(ended.Error);
        Assert.Null((await service.FindAsync(StatementJson.DistrictId, "ours", Token)).Value!.EndedEarlyBy);
    }

    [Fact]
    public async Task Create_BadgeIdTaken_IsConflictAndWritesNothing()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var taken = RuleSet.Default with { Badges = [TestRules.Badge("challenge-dup", BadgeCriterion.PointsTotal, 10)] };
        await engine.ApplyRulesAsync(StatementJson.DistrictId, taken, "admin-1", Token);
        var service = new ChallengeService(engine, clock);

        var result = await service.CreateAsync(StatementJson.DistrictId, Challenge("dup"), new ChallengeBadge("Dup", "Duplicate."), "leader-1", Token);

        Assert.Equal(3607, Assert.IsType<ConflictError>(result.Error).Code);
        Assert.Empty(await service.ListAsync(StatementJson.DistrictId, Token));
    }

    [Theory]
    [InlineData(0, null, "https://images.example.org/b.png", 3610)]
    [InlineData(100_001, null, null, 3610)]
    [InlineData(10, "", null, 3611)]
    [InlineData(10, null, "http://images.example.org/b.png", 3615)]
    public async Task Create_InvalidValue_IsRejected(int goal, string? school, string? imageUrl, int code)
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var service = new ChallengeService(EngineFactory.Create(db.Database, clock), clock);

        var result = await service.CreateAsync(
            StatementJson.DistrictId, Challenge("bad") with { GoalPoints = goal, SchoolId = school }, new ChallengeBadge("Bad", "Bad.", imageUrl), "leader-1", Token);

        Assert.Equal(code, Assert.IsType<InvalidInputError>(result.Error).Code);
        Assert.Empty(await service.ListAsync(StatementJson.DistrictId, Token));
    }

    [Fact]
    public async Task Join_EndedChallenge_IsConflict()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var service = new ChallengeService(EngineFactory.Create(db.Database, clock), clock);
        await service.CreateAsync(StatementJson.DistrictId, Challenge("past"), Token);
        clock.SetUtcNow(Start.AddDays(7));

        var result = await service.JoinAsync(StatementJson.DistrictId, "past", User("teacher-1"), null, Token);

        Assert.Equal(3608, Assert.IsType<ConflictError>(result.Error).Code);
    }

    private static ChallengeDefinition Challenge(string id) =>
        new() { Id = id, Name = "Fall sprint", Mode = ChallengeMode.Individual, StartsAt = Start, EndsAt = Start.AddDays(7) };

    private static string User(string name) => GamificationKeys.UserId(StatementJson.HomePage, name);

    private static Task<ProcessOutcome> Lesson(GamificationEngine engine, string actor, int lesson, DateTimeOffset stored) =>
        engine.ProcessAsync(new StatementJson { Actor = actor, Stored = stored, ActivityId = $"https://pd.district.test/lessons/{lesson}" }.Parse(), Token);
}
