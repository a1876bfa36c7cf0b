using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Statements;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.Gamification.Tests.Engine;

public sealed class ExactlyOnceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task TwoEngines_SameDatabaseSameStream_AwardOnce(DatabaseProvider provider)
    {
        await using var shared = await GamificationTestDatabase.CreateAsync(provider);
        await using var reference = await GamificationTestDatabase.CreateAsync(provider);
        var stream = RandomStream.Generate(seed: 11, count: 120);
        var source = new ListStatementSource(stream) { Overlap = 3 };

        var first = Task.Run(() => RunToEndAsync(EngineFactory.Create(shared.Database, batchSize: 7), source), Token);
        var second = Task.Run(() => RunToEndAsync(EngineFactory.Create(shared.Database, batchSize: 13), source), Token);
        await Task.WhenAll(first, second);
        await RunToEndAsync(EngineFactory.Create(reference.Database, batchSize: 500), new ListStatementSource(stream));

        var sharedLedger = await ReadComparableLedgerAsync(shared);
        Assert.Equal(await ReadComparableLedgerAsync(reference), sharedLedger);
        Assert.Equal(
            sharedLedger.Count,
            sharedLedger.Select(row => row.AwardKey).Distinct(StringComparer.Ordinal).Count());
        Assert.NotEmpty(sharedLedger);
    }

    [Theory]
    [DatabaseData]
    public async Task Restart_ReprocessesWholeStream_AddsNothing(DatabaseProvider provider)
    {
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var stream = RandomStream.Generate(seed: 5, count: 60);
        await RunToEndAsync(EngineFactory.Create(db.Database), new ListStatementSource(stream));
        var before = await ReadComparableLedgerAsync(db);

        var restarted = EngineFactory.Create(db.Database);
        var outcomes = new List<ProcessOutcome>();
        foreach (var statement in stream)
        {
            outcomes.Add(await restarted.ProcessAsync(statement, Token));
        }

        Assert.All(outcomes, outcome => Assert.Equal(ProcessOutcome.Duplicate, outcome));
        Assert.Equal(before, await ReadComparableLedgerAsync(db));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(1234)]
    [InlineData(2026)]
    public async Task Rebuild_RandomStream_MatchesIncrementalProcessing(int seed)
    {
        await using var incremental = await GamificationTestDatabase.CreateAsync();
        await using var fresh = await GamificationTestDatabase.CreateAsync();
        var stream = RandomStream.Generate(seed, count: 150);
        var random = new Random(seed);
        var rules = TestRules.WithBadges();

        // Incremental: small random batches, re-delivered overlaps, duplicates and restarts.
        var engine = EngineFactory.Create(incremental.Database, batchSize: random.Next(1, 9));
        await engine.ApplyRulesAsync(StatementJson.DistrictId, rules, "admin-1", Token);
        var source = new ListStatementSource(stream) { Overlap = random.Next(0, 4) };
        StatementBatch batch;
        do
        {
            batch = await engine.RunOnceAsync(source, Token);
            if (random.NextDouble() < 0.3 && batch.Statements.Count > 0)
            {
                await engine.ProcessAsync(batch.Statements[random.Next(batch.Statements.Count)], Token);
            }

            if (random.NextDouble() < 0.2)
            {
                engine = EngineFactory.Create(incremental.Database, batchSize: random.Next(1, 9));
            }
        }
        while (batch.HasMore);

        var incrementalLedger = await ReadComparableLedgerAsync(incremental);
        var incrementalStandings = await engine.GetStandingsAsync(StatementJson.DistrictId, Token);

        // Full rebuild in place, and a fresh database fed the whole stream at once.
        var changes = await engine.RebuildAsync(StatementJson.DistrictId, Token);
        var freshEngine = EngineFactory.Create(fresh.Database, batchSize: 1000);
        await freshEngine.ApplyRulesAsync(StatementJson.DistrictId, rules, "admin-1", Token);
        await RunToEndAsync(freshEngine, new ListStatementSource(stream));

        Assert.Empty(changes);
        Assert.Equal(incrementalLedger, await ReadComparableLedgerAsync(incremental));
        Assert.Equal(incrementalLedger, await ReadComparableLedgerAsync(fresh));
        var freshStandings = await freshEngine.GetStandingsAsync(StatementJson.DistrictId, Token);
        Assert.Equal(Describe(incrementalStandings), Describe(freshStandings));
        var incrementalBoard = await new LeaderboardService(incremental.Database).GetDistrictBoardAsync(StatementJson.DistrictId, null, "viewer", 100, 0, Token);
        var freshBoard = await new LeaderboardService(fresh.Database).GetDistrictBoardAsync(StatementJson.DistrictId, null, "viewer", 100, 0, Token);
        Assert.Equal(freshBoard.Value!.Top, incrementalBoard.Value!.Top);
        Assert.NotEmpty(incrementalBoard.Value.Top);
        Assert.Contains(incrementalLedger, row => row.RuleKey == "reversal");
        Assert.Contains(incrementalLedger, row => row.Status == AwardStatus.Held);
    }

    private static async Task RunToEndAsync(GamificationEngine engine, IStatementSource source)
    {
        StatementBatch batch;
        do
        {
            batch = await engine.RunOnceAsync(source, Token);
        }
        while (batch.HasMore);
    }

    private static async Task<IReadOnlyList<LedgerEntry>> ReadComparableLedgerAsync(GamificationTestDatabase db)
    {
        var rows = await EngineFactory.Create(db.Database).GetLedgerAsync(StatementJson.DistrictId, null, Token);
        return rows
            .Select(row => row with { RecordedAtMs = 0 })
            .OrderBy(row => row.AwardKey, StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> Describe(IReadOnlyList<UserStanding> standings) =>
        standings.Select(s => $"{s.UserId} {s.Points} {s.Level} {s.HighestLevel} {string.Join(",", s.Badges)}").ToList();
}
