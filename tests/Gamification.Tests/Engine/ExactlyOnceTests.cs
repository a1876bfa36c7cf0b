using System.Globalization;
using Dapper;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Statements;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

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

    [Fact]
    public async Task WalCheckpoint_TwoSqliteEngines_AwardOnce()
    {
        // The host's engines leave SQLite checkpoints to the checkpointer; the ledger must not
        // change, and pooled connections must get SQLite's automatic checkpoint back.
        await using var shared = await GamificationTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var reference = await GamificationTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var stream = RandomStream.Generate(seed: 23, count: 150);
        var source = new ListStatementSource(stream) { Overlap = 3 };
        await using (var checkpoint = new EngineWalCheckpoint(shared.Database, NullLogger<EngineWalCheckpoint>.Instance))
        {
            var first = Task.Run(() => RunToEndAsync(EngineFactory.Create(shared.Database, checkpoint, batchSize: 7), source), Token);
            var second = Task.Run(() => RunToEndAsync(EngineFactory.Create(shared.Database, checkpoint, batchSize: 13), source), Token);
            await Task.WhenAll(first, second);
            await checkpoint.WhenIdleAsync();
        }

        await RunToEndAsync(EngineFactory.Create(reference.Database, batchSize: 500), new ListStatementSource(stream));

        Assert.Equal(await ReadComparableLedgerAsync(reference), await ReadComparableLedgerAsync(shared));
        await using var connection = await shared.Database.OpenAsync(Token);
        Assert.Equal(1000, await connection.ExecuteScalarAsync<int>("PRAGMA wal_autocheckpoint"));
    }

    [Theory]
    [DatabaseData]
    public async Task OneBatch_RandomStream_MatchesOneStatementAtATime(DatabaseProvider provider)
    {
        // One batch holds reviews of submissions in the same batch, voiding statements before
        // and after their targets, held awards and badges, so every in-memory rule is compared
        // with the rows the one-statement batches write.
        await using var batched = await GamificationTestDatabase.CreateAsync(provider);
        await using var single = await GamificationTestDatabase.CreateAsync(provider);
        var stream = RandomStream.Generate(seed: 5, count: 200);
        foreach (var (db, batchSize) in new[] { (batched, 1000), (single, 1) })
        {
            var engine = EngineFactory.Create(db.Database, batchSize: batchSize);
            await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges(), "admin-1", Token);
            await RunToEndAsync(engine, new ListStatementSource(stream));
        }

        var ledger = await ReadComparableLedgerAsync(batched);
        Assert.Equal(await ReadComparableLedgerAsync(single), ledger);
        Assert.Contains(ledger, row => row.RuleKey == "reversal");
        Assert.Contains(ledger, row => row.Status == AwardStatus.Held);
        Assert.Equal(
            Describe(await EngineFactory.Create(single.Database).GetStandingsAsync(StatementJson.DistrictId, Token)),
            Describe(await EngineFactory.Create(batched.Database).GetStandingsAsync(StatementJson.DistrictId, Token)));
        Assert.Equal(await ReadDerivedRowsAsync(single), await ReadDerivedRowsAsync(batched));
    }

    [Theory]
    [DatabaseData]
    public async Task OneBatch_RepeatedStatements_MatchesOneStatementAtATime(DatabaseProvider provider)
    {
        // Every third statement comes again later in the same batch, so the batch's row writes
        // meet claims and award keys the batch itself wrote a moment before.
        await using var batched = await GamificationTestDatabase.CreateAsync(provider);
        await using var single = await GamificationTestDatabase.CreateAsync(provider);
        var unique = RandomStream.Generate(seed: 11, count: 120);
        var stream = unique.Concat(unique.Where((_, index) => index % 3 == 0)).ToList();
        foreach (var (db, batchSize) in new[] { (batched, 1000), (single, 1) })
        {
            await RunToEndAsync(EngineFactory.Create(db.Database, batchSize: batchSize), new ListStatementSource(stream));
        }

        var ledger = await ReadComparableLedgerAsync(batched);
        Assert.Equal(await ReadComparableLedgerAsync(single), ledger);
        Assert.NotEmpty(ledger);
        Assert.Equal(await ReadDerivedRowsAsync(single), await ReadDerivedRowsAsync(batched));
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
    [DatabaseData]
    public async Task CappedPoints_BatchesAndRebuild_EqualLedgerSums(DatabaseProvider provider)
    {
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var engine = EngineFactory.Create(db.Database, batchSize: 9);
        await RunToEndAsync(engine, new ListStatementSource(RandomStream.Generate(seed: 17, count: 150)));
        var afterBatches = await ReadRowsAsync(db, CappedPointsTable);

        await engine.RebuildAsync(StatementJson.DistrictId, Token);

        Assert.Equal(await ReadRowsAsync(db, CappedLedgerSums), afterBatches);
        Assert.Equal(afterBatches, await ReadRowsAsync(db, CappedPointsTable));
        Assert.NotEmpty(afterBatches);
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

    // Outbox ids, levels, badges, participants and standing counts (totals with teachers only:
    // one statement at a time leaves zero rows at totals a teacher passed through).
    private static async Task<List<string>> ReadDerivedRowsAsync(GamificationTestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync(Token);
        var rows = new List<string>();
        async Task AddAsync(string label, string sql)
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync(sql))
            {
                rows.Add(label + " " + string.Join(" ", row.Values.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture))));
            }
        }

        await AddAsync("outbox", "SELECT statement_id, kind, user_id FROM gamification_outbox");
        await AddAsync("level", "SELECT user_id, level, position FROM gamification_levels");
        await AddAsync("badge", "SELECT user_id, badge_id, position FROM gamification_badges");
        await AddAsync("participant", "SELECT user_id, school_id, role FROM gamification_participants");
        await AddAsync("standing", "SELECT season_id, user_id, points FROM gamification_standings");
        await AddAsync("count", "SELECT season_id, points, teachers FROM gamification_standing_counts WHERE teachers <> 0");
        await AddAsync("capped", "SELECT user_id, local_day, points FROM gamification_capped_points");
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private const string CappedPointsTable = "SELECT user_id, local_day, points FROM gamification_capped_points";

    private const string CappedLedgerSums =
        "SELECT user_id, local_day, SUM(points) FROM gamification_ledger WHERE capped = 1 AND reverses_award_key IS NULL GROUP BY user_id, local_day";

    private static async Task<List<string>> ReadRowsAsync(GamificationTestDatabase db, string sql)
    {
        await using var connection = await db.Database.OpenAsync(Token);
        var rows = new List<string>();
        foreach (IDictionary<string, object?> row in await connection.QueryAsync(sql))
        {
            rows.Add(string.Join(" ", row.Values.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static List<string> Describe(IReadOnlyList<UserStanding> standings) =>
        standings.Select(s => $"{s.UserId} {s.Points} {s.Level} {s.HighestLevel} {string.Join(",", s.Badges)}").ToList();
}
