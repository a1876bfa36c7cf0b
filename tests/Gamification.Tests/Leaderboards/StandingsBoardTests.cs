using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Participants;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.Gamification.Tests.Leaderboards;

/// <summary>
/// The standings table must rank exactly as summing the ledger does, through awards, voiding,
/// held awards, releases, reversals, role changes and rebuilds.
/// </summary>
public sealed class StandingsBoardTests
{
    private static readonly Season Fall = new() { Id = "fall", Name = "Fall 2026", Start = new DateOnly(2026, 9, 1), End = new DateOnly(2026, 9, 30) };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task DistrictBoard_RandomStream_MatchesLedgerSums(DatabaseProvider provider)
    {
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var engine = EngineFactory.Create(db.Database, batchSize: 9);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges() with { Seasons = [Fall] }, "admin-1", Token);
        var stream = RandomStream.Generate(seed: 31, count: 200);
        await RunToEndAsync(engine, new ListStatementSource(stream) { Overlap = 2 });
        var administration = new AwardAdministration(engine);
        var held = await administration.GetHeldAsync(StatementJson.DistrictId, Token);
        Assert.NotEmpty(held);
        await administration.ReleaseAsync(StatementJson.DistrictId, held[0].AwardKey, "admin-1", "Checked with the teacher", Token);
        var counted = (await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token)).First(row => row.Status == AwardStatus.Counted && row.Points > 0);
        await administration.ReverseAsync(StatementJson.DistrictId, counted.AwardKey, "admin-1", "Duplicate course", Token);
        var service = new LeaderboardService(db.Database);

        await AssertBoardsMatchAsync(service, engine);
        await engine.RebuildAsync(StatementJson.DistrictId, Token);
        await AssertBoardsMatchAsync(service, engine);
    }

    [Theory]
    [DatabaseData]
    public async Task DistrictBoard_ReviewerRole_LeavesAndRejoinsBoard(DatabaseProvider provider)
    {
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var engine = EngineFactory.Create(db.Database);
        var directory = new ParticipantDirectory(db.Database, EngineFactory.Clock());
        await EarnLessonsAsync(engine, "teacher-1", 3);
        await EarnLessonsAsync(engine, "teacher-2", 2);
        var service = new LeaderboardService(db.Database);

        await directory.SaveAsync(StatementJson.DistrictId, Profile("teacher-1", ParticipantRole.Reviewer), Token);
        var asReviewer = await service.GetDistrictBoardAsync(StatementJson.DistrictId, null, User("teacher-1"), 10, 2, Token);
        await directory.SaveAsync(StatementJson.DistrictId, Profile("teacher-1", ParticipantRole.Teacher), Token);
        var asTeacher = await service.GetDistrictBoardAsync(StatementJson.DistrictId, null, User("teacher-1"), 10, 2, Token);

        Assert.Equal([(1, 20)], asReviewer.Value!.Top.Select(e => (e.Rank, e.Points)));
        Assert.Null(asReviewer.Value.ViewerRank);
        Assert.Empty(asReviewer.Value.AroundViewer);
        Assert.Equal(1, asReviewer.Value.RankedCount);
        Assert.Equal([(1, 30), (2, 20)], asTeacher.Value!.Top.Select(e => (e.Rank, e.Points)));
        Assert.Equal(1, asTeacher.Value.ViewerRank);
    }

    [Fact]
    public async Task DistrictBoard_TiesAroundViewer_ShareRankAndHideNames()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var directory = new ParticipantDirectory(db.Database, EngineFactory.Clock());
        int[] lessons = [5, 4, 4, 4, 3, 2, 1];
        for (var i = 0; i < lessons.Length; i++)
        {
            await EarnLessonsAsync(engine, $"teacher-{i}", lessons[i]);
        }

        await directory.SaveAsync(StatementJson.DistrictId, Profile("teacher-4", ParticipantRole.Teacher, optIn: true, "Ms. Four"), Token);
        var service = new LeaderboardService(db.Database);
        var viewer = User("teacher-2");
        var tiedUsers = new[] { User("teacher-1"), User("teacher-2"), User("teacher-3") }.Order(StringComparer.Ordinal).ToList();

        var board = await service.GetDistrictBoardAsync(StatementJson.DistrictId, null, viewer, 3, 2, Token);

        Assert.Equal([(1, 50), (2, 40), (2, 40)], board.Value!.Top.Select(e => (e.Rank, e.Points)));
        Assert.Equal(2, board.Value.ViewerRank);
        Assert.Equal(7, board.Value.RankedCount);
        var around = board.Value.AroundViewer;
        Assert.Single(around, e => e.IsViewer);
        Assert.All(around.Where(e => e.Points == 40), e => Assert.Equal(2, e.Rank));
        Assert.All(around, e => Assert.True(e.DisplayName is null || e.DisplayName == "Ms. Four"));
        Assert.InRange(around.Count, 3, 5);
        Assert.Equal(tiedUsers.IndexOf(viewer), around.TakeWhile(e => !e.IsViewer).Count(e => e.Points == 40));
    }

    [Fact]
    public async Task DistrictBoard_OutOfRangeLimits_AreInvalid()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var service = new LeaderboardService(db.Database);

        var top = await service.GetDistrictBoardAsync(StatementJson.DistrictId, null, User("teacher-1"), 0, 2, Token);
        var neighbours = await service.GetDistrictBoardAsync(StatementJson.DistrictId, null, User("teacher-1"), 10, 51, Token);

        Assert.Equal(3402, Assert.IsType<InvalidInputError>(top.Error).Code);
        Assert.Equal(3401, Assert.IsType<InvalidInputError>(neighbours.Error).Code);
    }

    // The standings board must list the same ranks and points as the ledger-summing board, for
    // the top of the board and for the window around every ranked teacher.
    private static async Task AssertBoardsMatchAsync(LeaderboardService service, GamificationEngine engine)
    {
        var rules = await engine.GetRulesAsync(StatementJson.DistrictId, Token);
        var span = rules.SeasonSpan(Fall);
        foreach (var (seasonId, period) in new[] { ((string?)null, LeaderboardPeriod.AllTime), ("fall", new LeaderboardPeriod(span.From, span.To)) })
        {
            var expected = await service.GetTopAsync(StatementJson.DistrictId, LeaderboardScope.District, null, period, 1000, Token);
            var users = (await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Select(s => s.UserId).Append(User("nobody"));
            foreach (var user in users)
            {
                var board = await service.GetDistrictBoardAsync(StatementJson.DistrictId, seasonId, user, 1000, 2, Token);
                var sqlAround = await service.GetAroundAsync(StatementJson.DistrictId, LeaderboardScope.District, null, period, user, 2, Token);
                Assert.Equal(expected.Value!.Select(e => (e.Rank, e.Points)), board.Value!.Top.Select(e => (e.Rank, e.Points)));
                if (board.Value.ViewerRank is not null)
                {
                    Assert.Equal(sqlAround.Value!.Select(e => (e.Rank, e.Points, e.IsViewer)), board.Value.AroundViewer.Select(e => (e.Rank, e.Points, e.IsViewer)));
                }
                else
                {
                    Assert.DoesNotContain(sqlAround.Value!, e => e.IsViewer);
                }
            }
        }
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

    private static string User(string name) => GamificationKeys.UserId(StatementJson.HomePage, name);

    private static ParticipantProfile Profile(string name, string role, bool optIn = false, string? displayName = null) => new()
    {
        HomePage = StatementJson.HomePage, AccountName = name, Role = role, LeaderboardOptIn = optIn, DisplayName = displayName,
    };

    private static async Task EarnLessonsAsync(GamificationEngine engine, string actor, int lessons)
    {
        var start = new DateTimeOffset(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < lessons; i++)
        {
            var statement = new StatementJson { Actor = actor, Stored = start.AddMinutes(10 * i), ActivityId = $"https://pd.district.test/lessons/{i}" };
            await engine.ProcessAsync(statement.Parse(), Token);
        }
    }
}
