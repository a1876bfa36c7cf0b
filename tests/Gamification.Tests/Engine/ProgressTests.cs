using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LtiPd.Gamification.Tests.Engine;

public sealed class ProgressTests
{
    private static readonly DateTimeOffset Monday = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(99, 1)]
    [InlineData(100, 2)]
    [InlineData(229, 2)]
    [InlineData(230, 3)]
    [InlineData(1979, 9)]
    [InlineData(1980, 10)]
    [InlineData(50_000, 10)]
    public void LevelFor_DefaultThresholds_ReturnsLevel(int points, int expected)
    {
        Assert.Equal(expected, RuleSet.Default.LevelFor(points));
    }

    [Fact]
    public async Task Process_HundredPoints_ReachesLevelTwo()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges(), "admin-1", Token);

        await engine.ProcessAsync(Module(1, Monday).Parse(), Token);
        await engine.ProcessAsync(Module(2, Monday.AddHours(1)).Parse(), Token);

        var standing = Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token));
        Assert.Equal(100, standing.Points);
        Assert.Equal(2, standing.Level);
        Assert.Equal(2, standing.HighestLevel);
        Assert.Equal(["points-100", "two-modules"], standing.Badges);
    }

    [Fact]
    public async Task Process_ModulesOutsideTopic_EarnNoBadge()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var topic = TestRules.Badge("literacy", BadgeCriterion.ModulesCompleted, 2) with
        {
            ActivityIds = ["https://pd.district.test/modules/1", "https://pd.district.test/modules/3"],
        };
        await engine.ApplyRulesAsync(StatementJson.DistrictId, RuleSet.Default with { Badges = [topic] }, "admin-1", Token);

        await engine.ProcessAsync(Module(1, Monday).Parse(), Token);
        await engine.ProcessAsync(Module(2, Monday.AddDays(1)).Parse(), Token);
        var before = Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Badges;
        await engine.ProcessAsync(Module(3, Monday.AddDays(2)).Parse(), Token);
        var after = Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Badges;

        Assert.Empty(before);
        Assert.Equal(["literacy"], after);
    }

    [Fact]
    public async Task Process_ModulesInCatalogTopic_EarnTopicBadge()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var topics = new Dictionary<string, string>
        {
            ["https://pd.district.test/modules/1"] = "Assessment",
            ["https://pd.district.test/modules/2"] = "Classroom culture",
            ["https://pd.district.test/modules/3"] = "assessment",
        };
        var engine = new GamificationEngine(
            db.Database,
            EngineFactory.Clock(),
            Options.Create(new GamificationOptions { ModuleTopic = activityId => topics.GetValueOrDefault(activityId) }),
            NullLogger<GamificationEngine>.Instance);
        var badge = TestRules.Badge("assessment-2", BadgeCriterion.ModulesCompletedInTopic, 2) with { Topic = "Assessment" };
        await engine.ApplyRulesAsync(StatementJson.DistrictId, RuleSet.Default with { Badges = [badge] }, "admin-1", Token);

        await engine.ProcessAsync(Module(1, Monday).Parse(), Token);
        await engine.ProcessAsync(Module(2, Monday.AddDays(1)).Parse(), Token);
        var before = Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Badges;
        await engine.ProcessAsync(Module(3, Monday.AddDays(2)).Parse(), Token);
        var after = Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Badges;

        Assert.Empty(before);
        Assert.Equal(["assessment-2"], after);
    }

    [Fact]
    public async Task Process_TopicWithoutCatalog_EarnsNothing()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var badge = TestRules.Badge("assessment-1", BadgeCriterion.ModulesCompletedInTopic, 1) with { Topic = "Assessment" };
        await engine.ApplyRulesAsync(StatementJson.DistrictId, RuleSet.Default with { Badges = [badge] }, "admin-1", Token);

        await engine.ProcessAsync(Module(1, Monday).Parse(), Token);

        Assert.Empty(Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Badges);
    }

    [Fact]
    public async Task ApplyRules_TopicBadgeWithoutTopic_IsRejected()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var badge = TestRules.Badge("assessment-1", BadgeCriterion.ModulesCompletedInTopic, 1);

        var result = await engine.ApplyRulesAsync(StatementJson.DistrictId, RuleSet.Default with { Badges = [badge] }, "admin-1", Token);

        Assert.Contains("Badge 'assessment-1' counts modules in a topic but its topic is empty", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_TwoActiveWeeks_EarnsStreakBadge()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges(), "admin-1", Token);

        await engine.ProcessAsync(new StatementJson { Stored = Monday, ActivityId = "https://pd.district.test/lessons/1" }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Stored = Monday.AddDays(8), ActivityId = "https://pd.district.test/lessons/2" }.Parse(), Token);

        Assert.Contains("streak-2", Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Badges);
    }

    [Fact]
    public async Task Voiding_AfterLevelUp_KeepsHighestLevel()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var first = Module(1, Monday).Parse();
        await engine.ProcessAsync(first, Token);
        await engine.ProcessAsync(Module(2, Monday.AddHours(1)).Parse(), Token);

        await engine.ProcessAsync(new StatementJson { Stored = Monday.AddHours(2), Voids = first.Id }.Parse(), Token);

        var standing = Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token));
        Assert.Equal((50, 1, 2), (standing.Points, standing.Level, standing.HighestLevel));
    }

    private static StatementJson Module(int number, DateTimeOffset stored) => new()
    {
        Stored = stored,
        ActivityType = XapiTerms.ModuleType,
        ActivityId = $"https://pd.district.test/modules/{number}",
    };
}
