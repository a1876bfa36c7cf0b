using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;

namespace LtiPd.Gamification.Tests.Challenges;

public sealed class ChallengeServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 14, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Close_TeamChallenge_AveragesAndAwardsWinnersBadge()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges(), "admin-1", Token);
        var service = new ChallengeService(engine, clock);
        var challenge = new ChallengeDefinition { Id = "fall", Name = "Fall sprint", Mode = ChallengeMode.Team, StartsAt = Start, EndsAt = Start.AddDays(7) };
        await service.CreateAsync(StatementJson.DistrictId, challenge, Token);

        // Team red: 20 and 0 points (average 10); team blue: 15 (average 15).
        await Lesson(engine, "teacher-1", 1, Start.AddHours(15));
        await Lesson(engine, "teacher-1", 2, Start.AddHours(16));
        await Reflection(engine, "teacher-3", Start.AddHours(17));
        await Lesson(engine, "teacher-2", 3, Start.AddDays(8));
        await service.JoinAsync(StatementJson.DistrictId, "fall", User("teacher-1"), "red", Token);
        await service.JoinAsync(StatementJson.DistrictId, "fall", User("teacher-2"), "red", Token);
        await service.JoinAsync(StatementJson.DistrictId, "fall", User("teacher-3"), "blue", Token);

        var early = await service.CloseAsync(StatementJson.DistrictId, "fall", Token);
        clock.SetUtcNow(Start.AddDays(7));
        var scores = await service.GetScoresAsync(StatementJson.DistrictId, "fall", Token);
        var winners = await service.CloseAsync(StatementJson.DistrictId, "fall", Token);

        Assert.IsType<ConflictError>(early.Error);
        Assert.Equal([("blue", 15.0, 1), ("red", 10.0, 2)], scores.Value!.Select(s => (s.Key, s.Score, s.Rank)));
        Assert.Equal([User("teacher-3")], winners.Value!);
        var standings = await engine.GetStandingsAsync(StatementJson.DistrictId, Token);
        Assert.Contains("challenge-1", standings.Single(s => s.UserId == User("teacher-3")).Badges);
        Assert.DoesNotContain("challenge-1", standings.Single(s => s.UserId == User("teacher-1")).Badges);
    }

    [Fact]
    public async Task Close_IndividualChallengeTie_EveryLeaderWins()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges(), "admin-1", Token);
        var service = new ChallengeService(engine, clock);
        var challenge = new ChallengeDefinition { Id = "solo", Name = "Solo week", Mode = ChallengeMode.Individual, StartsAt = Start, EndsAt = Start.AddDays(7) };
        await service.CreateAsync(StatementJson.DistrictId, challenge, Token);

        // teacher-1 and teacher-2 tie on 20 points inside the window. teacher-3 earns 10 inside
        // and 20 more after it ends, which do not count. teacher-4 earns only before it starts.
        await Lesson(engine, "teacher-1", 1, Start.AddHours(15));
        await Lesson(engine, "teacher-1", 2, Start.AddHours(16));
        await Lesson(engine, "teacher-2", 1, Start.AddDays(2));
        await Lesson(engine, "teacher-2", 2, Start.AddDays(3));
        await Lesson(engine, "teacher-3", 1, Start.AddDays(1));
        await Lesson(engine, "teacher-3", 2, Start.AddDays(7));
        await Lesson(engine, "teacher-3", 3, Start.AddDays(8));
        await Lesson(engine, "teacher-4", 1, Start.AddDays(-1));
        foreach (var teacher in new[] { "teacher-1", "teacher-2", "teacher-3", "teacher-4" })
        {
            var joined = await service.JoinAsync(StatementJson.DistrictId, "solo", User(teacher), null, Token);
            Assert.True(joined.Value);
        }

        var again = await service.JoinAsync(StatementJson.DistrictId, "solo", User("teacher-1"), null, Token);
        clock.SetUtcNow(Start.AddDays(7));
        var scores = await service.GetScoresAsync(StatementJson.DistrictId, "solo", Token);
        var winners = await service.CloseAsync(StatementJson.DistrictId, "solo", Token);
        var closedAgain = await service.CloseAsync(StatementJson.DistrictId, "solo", Token);

        Assert.False(again.Value);
        var tied = new[] { User("teacher-1"), User("teacher-2") }.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [(tied[0], 20.0, 1), (tied[1], 20.0, 1), (User("teacher-3"), 10.0, 3), (User("teacher-4"), 0.0, 4)],
            scores.Value!.Select(s => (s.Key, s.Score, s.Rank)));
        Assert.Equal(tied, winners.Value!.Order(StringComparer.Ordinal));
        Assert.Equal(tied, closedAgain.Value!.Order(StringComparer.Ordinal));
        var standings = await engine.GetStandingsAsync(StatementJson.DistrictId, Token);
        Assert.All(tied, user => Assert.Contains("challenge-1", standings.Single(s => s.UserId == user).Badges));
        Assert.DoesNotContain("challenge-1", standings.Single(s => s.UserId == User("teacher-3")).Badges);
    }

    [Fact]
    public async Task Join_IndividualChallengeWithTeam_IsInvalid()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var service = new ChallengeService(EngineFactory.Create(db.Database, clock), clock);
        var challenge = new ChallengeDefinition { Id = "solo", Name = "Solo", Mode = ChallengeMode.Individual, StartsAt = Start, EndsAt = Start.AddDays(7) };
        await service.CreateAsync(StatementJson.DistrictId, challenge, Token);

        var result = await service.JoinAsync(StatementJson.DistrictId, "solo", "user-1", "red", Token);

        Assert.IsType<InvalidInputError>(result.Error);
    }

    [Fact]
    public async Task Create_EndBeforeStart_IsInvalid()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var clock = EngineFactory.Clock();
        var service = new ChallengeService(EngineFactory.Create(db.Database, clock), clock);
        var challenge = new ChallengeDefinition { Id = "bad", Name = "Bad", Mode = ChallengeMode.Individual, StartsAt = Start, EndsAt = Start };

        var result = await service.CreateAsync(StatementJson.DistrictId, challenge, Token);

        Assert.Equal(3602, Assert.IsType<InvalidInputError>(result.Error).Code);
    }

    private static string User(string name) => GamificationKeys.UserId(StatementJson.HomePage, name);

    private static Task<ProcessOutcome> Lesson(GamificationEngine engine, string actor, int lesson, DateTimeOffset stored) =>
        engine.ProcessAsync(new StatementJson { Actor = actor, Stored = stored, ActivityId = $"https://pd.district.test/lessons/{lesson}" }.Parse(), Token);

    private static Task<ProcessOutcome> Reflection(GamificationEngine engine, string actor, DateTimeOffset stored) =>
        engine.ProcessAsync(new StatementJson
        {
            Actor = actor, Stored = stored, Verb = XapiTerms.Submitted, ActivityType = XapiTerms.ReflectionType,
            ActivityId = "https://pd.district.test/reflections/1",
        }.Parse(), Token);
}
