using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Participants;
using LtiPd.Gamification.Tests.Support;

namespace LtiPd.Gamification.Tests.Leaderboards;

public sealed class LeaderboardServiceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAround_Viewer_ShowsNeighbours()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var directory = new ParticipantDirectory(db.Database, EngineFactory.Clock());
        for (var i = 1; i <= 6; i++)
        {
            await EarnLessonsAsync(engine, $"teacher-{i}", i);
        }

        await directory.SaveAsync(StatementJson.DistrictId, Profile("teacher-5", optIn: true, "Ms. Five"), Token);
        await directory.SaveAsync(StatementJson.DistrictId, Profile("teacher-3", optIn: false, "Mr. Three"), Token);
        var service = new LeaderboardService(db.Database);

        var board = await service.GetAroundAsync(
            StatementJson.DistrictId, LeaderboardScope.District, null, LeaderboardPeriod.AllTime, User("teacher-4"), 1, Token);

        Assert.Equal(
            [(2, "Ms. Five", 50, false), (3, null, 40, true), (4, null, 30, false)],
            board.Value!.Select(e => (e.Rank, e.DisplayName, e.Points, e.IsViewer)));
    }

    [Fact]
    public async Task GetTop_ReviewerAndTies_SharesRank()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var directory = new ParticipantDirectory(db.Database, EngineFactory.Clock());
        await EarnLessonsAsync(engine, "teacher-1", 2);
        await EarnLessonsAsync(engine, "teacher-2", 2);
        await EarnLessonsAsync(engine, "teacher-3", 1);
        await EarnLessonsAsync(engine, "reviewer-1", 5);
        await directory.SaveAsync(StatementJson.DistrictId, Profile("reviewer-1", optIn: true, "Reviewer") with { Role = ParticipantRole.Reviewer }, Token);
        var service = new LeaderboardService(db.Database);

        var first = await service.GetTopAsync(StatementJson.DistrictId, LeaderboardScope.District, null, LeaderboardPeriod.AllTime, 10, Token);
        var second = await service.GetTopAsync(StatementJson.DistrictId, LeaderboardScope.District, null, LeaderboardPeriod.AllTime, 10, Token);

        Assert.Equal([(1, 20), (1, 20), (3, 10)], first.Value!.Select(e => (e.Rank, e.Points)));
        Assert.Equal(first.Value, second.Value);
    }

    [Fact]
    public async Task SetRoles_RosterLeader_LeavesBoard()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var directory = new ParticipantDirectory(db.Database, EngineFactory.Clock());
        await EarnLessonsAsync(engine, "teacher-1", 2);
        await EarnLessonsAsync(engine, "leader-1", 5);
        var service = new LeaderboardService(db.Database);

        var changed = await directory.SetRolesAsync(
            StatementJson.DistrictId,
            [
                new ParticipantRoleAssignment(StatementJson.HomePage, "leader-1", ParticipantRole.Reviewer, "Priya Raman"),
                new ParticipantRoleAssignment(StatementJson.HomePage, "teacher-1", ParticipantRole.Teacher, "Maya Okafor"),
                new ParticipantRoleAssignment(StatementJson.HomePage, "teacher-2", ParticipantRole.Teacher, "Luis Herrera"),
            ],
            Token);
        var board = await service.GetTopAsync(StatementJson.DistrictId, LeaderboardScope.District, null, LeaderboardPeriod.AllTime, 10, Token);
        var around = await service.GetAroundAsync(StatementJson.DistrictId, LeaderboardScope.District, null, LeaderboardPeriod.AllTime, User("teacher-1"), 2, Token);
        var unknown = await directory.SetRolesAsync(
            StatementJson.DistrictId, [new ParticipantRoleAssignment(StatementJson.HomePage, "x", "leader", null)], Token);

        Assert.Equal(2, changed.Value);
        Assert.Equal([(1, 20)], board.Value!.Select(e => (e.Rank, e.Points)));
        Assert.Equal([(1, 20, true)], around.Value!.Select(e => (e.Rank, e.Points, e.IsViewer)));
        Assert.Equal(ParticipantRole.Teacher, (await directory.GetAsync(StatementJson.DistrictId, User("teacher-2"), Token))?.Role);
        Assert.Contains("'leader'", Assert.IsType<InvalidInputError>(unknown.Error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTop_CourseAndSeason_FiltersAwards()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        await engine.ProcessAsync(new StatementJson { Stored = Monday, Course = "course-1" }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Stored = Monday.AddDays(40), Course = "course-1", ActivityId = "https://pd.district.test/lessons/2" }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Stored = Monday, Course = "course-2", ActivityId = "https://pd.district.test/lessons/3" }.Parse(), Token);
        var service = new LeaderboardService(db.Database);
        var season = new LeaderboardPeriod(Monday.AddDays(-1), Monday.AddDays(30));

        var course = await service.GetTopAsync(StatementJson.DistrictId, LeaderboardScope.Course, "course-1", season, 10, Token);
        var missingId = await service.GetTopAsync(StatementJson.DistrictId, LeaderboardScope.Course, null, season, 10, Token);

        Assert.Equal(10, Assert.Single(course.Value!).Points);
        Assert.IsType<InvalidInputError>(missingId.Error);
    }

    [Fact]
    public async Task GetSchools_FewerThanFive_HidesSchool()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        for (var i = 0; i < 5; i++)
        {
            await EarnLessonsAsync(engine, $"north-{i}", i + 1, "north");
            await EarnLessonsAsync(engine, $"south-{i}", 2, "south");
        }

        for (var i = 0; i < 4; i++)
        {
            await EarnLessonsAsync(engine, $"east-{i}", 9, "east");
        }

        var schools = await new LeaderboardService(db.Database).GetSchoolsAsync(StatementJson.DistrictId, LeaderboardPeriod.AllTime, Token);

        Assert.Equal([(1, "north", 30.0, 5), (2, "south", 20.0, 5)], schools.Select(s => (s.Rank, s.SchoolId, s.AveragePoints, s.ActiveParticipants)));
    }

    private static string User(string name) => GamificationKeys.UserId(StatementJson.HomePage, name);

    private static ParticipantProfile Profile(string name, bool optIn, string displayName) => new()
    {
        HomePage = StatementJson.HomePage, AccountName = name, Role = ParticipantRole.Teacher,
        LeaderboardOptIn = optIn, DisplayName = displayName,
    };

    private static async Task EarnLessonsAsync(GamificationEngine engine, string actor, int lessons, string school = "school-a")
    {
        for (var i = 0; i < lessons; i++)
        {
            var statement = new StatementJson
            {
                Actor = actor, School = school, Stored = Monday.AddMinutes(10 * i), ActivityId = $"https://pd.district.test/lessons/{i}",
            };
            await engine.ProcessAsync(statement.Parse(), Token);
        }
    }
}
