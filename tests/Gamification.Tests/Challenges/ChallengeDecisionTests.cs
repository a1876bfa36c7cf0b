using Dapper;
using LtiPd.Gamification.Badges;
using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.Gamification.Tests.Challenges;

/// <summary>The decision worker decides ended challenges that nobody reads, exactly once across nodes and restarts.</summary>
public sealed class ChallengeDecisionTests
{
    private const string OtherDistrict = "district-2";

    private static readonly DateTimeOffset Start = new(2026, 9, 14, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task Worker_EndedUnread_AwardsBadgeAndStatement(DatabaseProvider provider)
    {
        // Arrange: an individual challenge with a goal of 20 points that teacher-1 reaches and
        // teacher-2 does not. Nobody opens the challenge after it ends.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await CreateAsync(service, StatementJson.DistrictId, Challenge("solo", ChallengeMode.Individual) with { GoalPoints = 20 });
        await JoinAsync(service, StatementJson.DistrictId, "solo", ("teacher-1", null), ("teacher-2", null));
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 1, Start.AddHours(1));
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 2, Start.AddHours(2));
        await Lesson(engine, StatementJson.DistrictId, "teacher-2", 1, Start.AddHours(3));
        clock.SetUtcNow(Start.AddDays(7).AddMinutes(1));
        var worker = Worker(service, clock);

        // Act: the hosted service's first pass runs as soon as it starts.
        await worker.StartAsync(Token);
        var closed = await WaitForDecisionAsync(service, StatementJson.DistrictId, "solo");
        await worker.StopAsync(Token);

        // Assert
        Assert.Equal(Start.AddDays(7).AddMinutes(1), closed.ClosedAt);
        Assert.Equal([User("teacher-1")], await service.GetWinnersAsync(StatementJson.DistrictId, "solo", Token));
        Assert.Equal([User("teacher-1")], await BadgeHoldersAsync(db.Database, StatementJson.DistrictId, "challenge-solo"));
        var statement = Assert.Single(await BadgeStatementsAsync(db.Database, StatementJson.DistrictId));
        Assert.Equal(User("teacher-1"), statement.UserId);
        Assert.Contains("challenge-solo", statement.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseData]
    public async Task ChallengeBadge_Credential_DatesDecisionAndLastDay(DatabaseProvider provider)
    {
        // Arrange: a district four hours behind UTC in September (America/New_York in
        // daylight time) runs a challenge from 14 to 20 September, its own days. It ends at its
        // midnight, 04:00 UTC on 21 September, and is decided one minute later.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, RuleSet.Default with { TimeZoneId = "America/New_York" }, "admin-1", Token);
        var offset = TimeSpan.FromHours(-4);
        await CreateAsync(service, StatementJson.DistrictId, Challenge("local", ChallengeMode.Individual) with
        {
            StartsAt = new DateTimeOffset(2026, 9, 14, 0, 0, 0, offset), EndsAt = new DateTimeOffset(2026, 9, 21, 0, 0, 0, offset),
        });
        await JoinAsync(service, StatementJson.DistrictId, "local", ("teacher-1", null));
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 1, new DateTimeOffset(2026, 9, 20, 23, 0, 0, offset));
        var decidedAt = new DateTimeOffset(2026, 9, 21, 4, 1, 0, TimeSpan.Zero);
        clock.SetUtcNow(decidedAt);

        // Act
        var winners = await service.CloseAsync(StatementJson.DistrictId, "local", Token);
        var award = (await new BadgeAwardReader(engine).GetAsync(StatementJson.DistrictId, User("teacher-1"), "challenge-local", Token)).Value!;
        var issuer = new BadgeCredentialIssuer(new BadgeUrls(new Uri("https://pd.district.test/tool")), "District PD");
        var issued = new IssuedBadge(Guid.NewGuid(), award, decidedAt, null);
        var credential = issuer.CreateCredential(issued);
        var assertion = issuer.CreateHostedAssertion(issued);

        // Assert: the award is dated when the winners were decided, never earlier. The subject
        // names the challenge's own first and last day, so a viewer can show 20 September.
        Assert.Equal([User("teacher-1")], winners.Value);
        Assert.Equal(decidedAt, award.AwardedAt);
        Assert.Equal(new BadgeActivityPeriod(new DateOnly(2026, 9, 14), new DateOnly(2026, 9, 20)), award.Activity);
        Assert.Equal("2026-09-21T04:01:00Z", credential["validFrom"]!.GetValue<string>());
        Assert.Equal("2026-09-21T04:01:00Z", credential["awardedDate"]!.GetValue<string>());
        Assert.Equal("2026-09-14", credential["credentialSubject"]!["activityStartDate"]!.GetValue<string>());
        Assert.Equal("2026-09-20", credential["credentialSubject"]!["activityEndDate"]!.GetValue<string>());
        Assert.Equal("2026-09-21T04:01:00Z", assertion["issuedOn"]!.GetValue<string>());
        Assert.EndsWith("between 2026-09-14 and 2026-09-20 (America/New_York time).", award.Badge.CriteriaNarrative, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseData]
    public async Task TwoWorkers_SameChallenges_AwardOnce(DatabaseProvider provider)
    {
        // Arrange: six ended challenges, each won by two teachers, decided by two nodes at once.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 1, Start.AddHours(1));
        await Lesson(engine, StatementJson.DistrictId, "teacher-2", 1, Start.AddHours(2));
        var ids = Enumerable.Range(1, 6).Select(i => $"race-{i}").ToList();
        foreach (var id in ids)
        {
            await CreateAsync(service, StatementJson.DistrictId, Challenge(id, ChallengeMode.Individual));
            await JoinAsync(service, StatementJson.DistrictId, id, ("teacher-1", null), ("teacher-2", null));
        }

        clock.SetUtcNow(Start.AddDays(8));
        var first = Worker(new ChallengeService(EngineFactory.Create(db.Database, clock), clock), clock);
        var second = Worker(new ChallengeService(EngineFactory.Create(db.Database, clock), clock), clock);

        // Act
        var passes = await Task.WhenAll(
            Task.Run(() => first.DecideDueAsync(Token), Token), Task.Run(() => second.DecideDueAsync(Token), Token));
        var later = await first.DecideDueAsync(Token);

        // Assert: both nodes saw the challenges due; every badge and award statement exists once.
        Assert.All(passes, due => Assert.InRange(due, 0, ids.Count));
        Assert.Equal(0, later);
        var winners = new[] { User("teacher-1"), User("teacher-2") }.Order(StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            Assert.Equal(winners, await service.GetWinnersAsync(StatementJson.DistrictId, id, Token));
            Assert.Equal(winners, await BadgeHoldersAsync(db.Database, StatementJson.DistrictId, "challenge-" + id));
        }

        var statements = await BadgeStatementsAsync(db.Database, StatementJson.DistrictId);
        Assert.Equal(ids.Count * winners.Count, statements.Count);
        Assert.Equal(statements.Count, statements.Select(row => row.StatementId).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [DatabaseData]
    public async Task Restart_MidDecision_AwardsOnce(DatabaseProvider provider)
    {
        // Arrange: a team challenge won by two teachers; the first node crashes after awarding
        // the first of them, inside the decision's transaction.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await CreateAsync(service, StatementJson.DistrictId, Challenge("relay", ChallengeMode.Team));
        await JoinAsync(service, StatementJson.DistrictId, "relay", ("teacher-1", "red"), ("teacher-2", "red"), ("teacher-3", "blue"));
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 1, Start.AddHours(1));
        await Lesson(engine, StatementJson.DistrictId, "teacher-2", 1, Start.AddHours(2));
        clock.SetUtcNow(Start.AddDays(8));
        var crashing = new ChallengeDecider(engine, clock) { AfterWinnerAwarded = _ => throw new InvalidOperationException("Simulated crash") };

        // Act
        await Assert.ThrowsAsync<InvalidOperationException>(() => crashing.DecideAsync(StatementJson.DistrictId, "relay", Token));
        var afterCrash = (await service.FindAsync(StatementJson.DistrictId, "relay", Token)).Value!;
        var badgesAfterCrash = await BadgeHoldersAsync(db.Database, StatementJson.DistrictId, "challenge-relay");
        var restarted = Worker(new ChallengeService(EngineFactory.Create(db.Database, clock), clock), clock);
        var firstPass = await restarted.DecideDueAsync(Token);
        var secondPass = await restarted.DecideDueAsync(Token);

        // Assert: the crash left nothing; the restarted node decided the team once.
        Assert.Null(afterCrash.ClosedAt);
        Assert.Empty(badgesAfterCrash);
        Assert.Equal((1, 0), (firstPass, secondPass));
        var red = new[] { User("teacher-1"), User("teacher-2") }.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(red, await service.GetWinnersAsync(StatementJson.DistrictId, "relay", Token));
        Assert.Equal(red, await BadgeHoldersAsync(db.Database, StatementJson.DistrictId, "challenge-relay"));
        Assert.Equal(red, (await BadgeStatementsAsync(db.Database, StatementJson.DistrictId)).Select(row => row.UserId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [DatabaseData]
    public async Task Worker_TeamAndIndividual_DecidesBoth(DatabaseProvider provider)
    {
        // Arrange: team blue (15 on average) beats red (20 and 0, because teacher-2's lesson comes
        // after the end). In the individual challenge teacher-1 leads with 20 before teacher-3's 15.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await CreateAsync(service, StatementJson.DistrictId, Challenge("teams", ChallengeMode.Team));
        await CreateAsync(service, StatementJson.DistrictId, Challenge("solo", ChallengeMode.Individual));
        await JoinAsync(service, StatementJson.DistrictId, "teams", ("teacher-1", "red"), ("teacher-2", "red"), ("teacher-3", "blue"));
        await JoinAsync(service, StatementJson.DistrictId, "solo", ("teacher-1", null), ("teacher-3", null));
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 1, Start.AddHours(1));
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 2, Start.AddHours(2));
        await Reflection(engine, StatementJson.DistrictId, "teacher-3", Start.AddHours(3));
        await Lesson(engine, StatementJson.DistrictId, "teacher-2", 1, Start.AddDays(9));
        clock.SetUtcNow(Start.AddDays(7));

        // Act
        var due = await Worker(service, clock).DecideDueAsync(Token);

        // Assert
        Assert.Equal(2, due);
        Assert.Equal([User("teacher-3")], await service.GetWinnersAsync(StatementJson.DistrictId, "teams", Token));
        Assert.Equal([User("teacher-3")], await BadgeHoldersAsync(db.Database, StatementJson.DistrictId, "challenge-teams"));
        Assert.Equal([User("teacher-1")], await service.GetWinnersAsync(StatementJson.DistrictId, "solo", Token));
        Assert.Equal([User("teacher-1")], await BadgeHoldersAsync(db.Database, StatementJson.DistrictId, "challenge-solo"));
    }

    [Theory]
    [DatabaseData]
    public async Task Worker_OtherDistrictRunning_LeavesItUndecided(DatabaseProvider provider)
    {
        // Arrange: both districts have a challenge "fall" with the same teacher account, but
        // only district-1's has ended.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await CreateAsync(service, StatementJson.DistrictId, Challenge("fall", ChallengeMode.Individual));
        await CreateAsync(service, OtherDistrict, Challenge("fall", ChallengeMode.Individual) with { EndsAt = Start.AddDays(30) });
        await JoinAsync(service, StatementJson.DistrictId, "fall", ("teacher-1", null));
        await JoinAsync(service, OtherDistrict, "fall", ("teacher-1", null), ("teacher-9", null));
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 1, Start.AddHours(1));
        await Lesson(engine, OtherDistrict, "teacher-9", 1, Start.AddHours(1));
        clock.SetUtcNow(Start.AddDays(8));

        // Act
        var due = await Worker(service, clock).DecideDueAsync(Token);

        // Assert
        Assert.Equal(1, due);
        Assert.Equal([User("teacher-1")], await BadgeHoldersAsync(db.Database, StatementJson.DistrictId, "challenge-fall"));
        Assert.Null((await service.FindAsync(OtherDistrict, "fall", Token)).Value!.ClosedAt);
        Assert.Empty(await service.GetWinnersAsync(OtherDistrict, "fall", Token));
        Assert.Empty(await BadgeHoldersAsync(db.Database, OtherDistrict, "challenge-fall"));
        Assert.Empty(await BadgeStatementsAsync(db.Database, OtherDistrict));
    }

    [Theory]
    [DatabaseData]
    public async Task Worker_FullBatchAllFailing_WaitsForNextInterval(DatabaseProvider provider)
    {
        // Arrange: a full batch of ended challenges whose every decision fails. The fake clock
        // never moves, so a worker that waits out its interval makes exactly one pass.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = EngineFactory.Clock();
        var engine = EngineFactory.Create(db.Database, clock);
        var service = new ChallengeService(engine, clock);
        await Lesson(engine, StatementJson.DistrictId, "teacher-1", 1, Start.AddHours(1));
        for (var i = 1; i <= ChallengeDecisionWorker.BatchSize; i++)
        {
            await CreateAsync(service, StatementJson.DistrictId, Challenge($"stuck-{i}", ChallengeMode.Individual));
            await JoinAsync(service, StatementJson.DistrictId, $"stuck-{i}", ("teacher-1", null));
        }

        clock.SetUtcNow(Start.AddDays(8));
        var attempts = 0;
        var failing = new ChallengeDecider(engine, clock)
        {
            AfterWinnerAwarded = _ =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException("Simulated failure");
            },
        };
        var worker = Worker(new ChallengeService(engine, clock, failing), clock);

        // Act: let the first pass finish, then give a spinning worker time to start more passes.
        await worker.StartAsync(Token);
        for (var poll = 0; poll < 400 && Volatile.Read(ref attempts) < ChallengeDecisionWorker.BatchSize; poll++)
        {
            await Task.Delay(50, Token);
        }

        await Task.Delay(1000, Token);
        await worker.StopAsync(Token);

        // Assert: one attempt per challenge; a pass that decided nothing is not repeated at once.
        Assert.Equal(ChallengeDecisionWorker.BatchSize, Volatile.Read(ref attempts));
    }

    private static ChallengeDecisionWorker Worker(ChallengeService service, FakeTimeProvider clock) =>
        new(service, clock, Options.Create(new GamificationOptions()), NullLogger<ChallengeDecisionWorker>.Instance);

    private static ChallengeDefinition Challenge(string id, ChallengeMode mode) =>
        new() { Id = id, Name = $"Challenge {id}", Mode = mode, StartsAt = Start, EndsAt = Start.AddDays(7) };

    private static async Task CreateAsync(ChallengeService service, string tenantId, ChallengeDefinition challenge)
    {
        var created = await service.CreateAsync(tenantId, challenge, new ChallengeBadge($"Won {challenge.Id}", "Won the challenge."), "leader-1", Token);
        Assert.Null(created.Error);
    }

    private static async Task JoinAsync(ChallengeService service, string tenantId, string challengeId, params (string Teacher, string? Team)[] members)
    {
        foreach (var (teacher, team) in members)
        {
            var joined = await service.JoinAsync(tenantId, challengeId, User(teacher), team, Token);
            Assert.True(joined.Value);
        }
    }

    /// <summary>Polls until the challenge has its decision; the worker's first pass runs right after it starts.</summary>
    private static async Task<ChallengeDefinition> WaitForDecisionAsync(ChallengeService service, string tenantId, string challengeId)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var challenge = (await service.FindAsync(tenantId, challengeId, Token)).Value!;
            if (challenge.ClosedAt is not null)
            {
                return challenge;
            }

            await Task.Delay(50, Token);
        }

        throw new TimeoutException($"Challenge '{challengeId}' was not decided within 10 s of starting the worker.");
    }

    private static async Task<List<string>> BadgeHoldersAsync(Database database, string tenantId, string badgeId)
    {
        await using var connection = await database.OpenAsync(Token);
        var rows = await connection.QueryAsync<string>(
            "SELECT user_id FROM gamification_badges WHERE tenant_id = @TenantId AND badge_id = @BadgeId ORDER BY user_id",
            new { TenantId = tenantId, BadgeId = badgeId });
        return rows.ToList();
    }

    private static async Task<List<(string StatementId, string UserId, string Payload)>> BadgeStatementsAsync(Database database, string tenantId)
    {
        await using var connection = await database.OpenAsync(Token);
        var rows = await connection.QueryAsync<(string StatementId, string UserId, string Payload)>(
            "SELECT statement_id, user_id, payload FROM gamification_outbox WHERE tenant_id = @TenantId AND kind = @Kind ORDER BY statement_id",
            new { TenantId = tenantId, Kind = AwardKinds.Badge });
        return rows.ToList();
    }

    private static string User(string name) => GamificationKeys.UserId(StatementJson.HomePage, name);

    private static Task<ProcessOutcome> Lesson(GamificationEngine engine, string tenantId, string actor, int lesson, DateTimeOffset stored) =>
        engine.ProcessAsync(new StatementJson
        {
            Actor = actor, Stored = stored, District = tenantId, ActivityId = $"https://pd.district.test/lessons/{lesson}",
        }.Parse(), Token);

    private static Task<ProcessOutcome> Reflection(GamificationEngine engine, string tenantId, string actor, DateTimeOffset stored) =>
        engine.ProcessAsync(new StatementJson
        {
            Actor = actor, Stored = stored, District = tenantId, Verb = XapiTerms.Submitted, ActivityType = XapiTerms.ReflectionType,
            ActivityId = "https://pd.district.test/reflections/1",
        }.Parse(), Token);
}
