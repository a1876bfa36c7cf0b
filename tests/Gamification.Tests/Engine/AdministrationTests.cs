using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;

namespace LtiPd.Gamification.Tests.Engine;

public sealed class AdministrationTests
{
    private static readonly DateTimeOffset Monday = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reverse_CountedAward_SubtractsPointsAndWritesAudit()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var admin = new AwardAdministration(engine);
        await engine.ProcessAsync(new StatementJson().Parse(), Token);
        var award = Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));

        var result = await admin.ReverseAsync(StatementJson.DistrictId, award.AwardKey, "admin-1", "Completed by mistake", Token);

        Assert.True(result.Succeeded);
        var reversal = (await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token)).Single(row => row.RuleKey == "reversal");
        Assert.Equal(-10, reversal.Points);
        Assert.Equal("Reversed by admin-1: Completed by mistake", reversal.Reason);
        Assert.Null(reversal.SourceStatementId);
        var audit = Assert.Single(await admin.GetAuditAsync(StatementJson.DistrictId, Token));
        Assert.Equal(("reverse", "admin-1", award.AwardKey, "Completed by mistake"), (audit.Action, audit.Actor, audit.AwardKey, audit.Detail));
        Assert.Equal(0, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }

    [Fact]
    public async Task Reverse_Twice_SecondIsConflict()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var admin = new AwardAdministration(engine);
        await engine.ProcessAsync(new StatementJson().Parse(), Token);
        var award = Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));

        await admin.ReverseAsync(StatementJson.DistrictId, award.AwardKey, "admin-1", "first", Token);
        var second = await admin.ReverseAsync(StatementJson.DistrictId, award.AwardKey, "admin-2", "second", Token);

        Assert.IsType<ConflictError>(second.Error);
        Assert.Equal(2, (await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token)).Count);
    }

    [Fact]
    public async Task Reverse_UnknownAward_IsNotFound()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var admin = new AwardAdministration(EngineFactory.Create(db.Database));

        var result = await admin.ReverseAsync(StatementJson.DistrictId, "no-such-key", "admin-1", "reason", Token);

        var error = Assert.IsType<NotFoundError>(result.Error);
        Assert.Contains("no-such-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Release_HeldAward_CountsAndSurvivesRebuild()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var admin = new AwardAdministration(engine);
        for (var i = 0; i < 11; i++)
        {
            await engine.ProcessAsync(new StatementJson { Stored = Monday.AddSeconds(i), ActivityId = $"https://pd.district.test/lessons/{i}" }.Parse(), Token);
        }

        var held = (await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token)).Single(row => row.Status == AwardStatus.Held);

        var released = await admin.ReleaseAsync(StatementJson.DistrictId, held.AwardKey, "reviewer-1", "Checked the work", Token);
        var changes = await engine.RebuildAsync(StatementJson.DistrictId, Token);

        Assert.Equal(AwardStatus.Counted, released.Value!.Status);
        Assert.Empty(changes);
        Assert.Equal(110, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }

    [Fact]
    public async Task Reject_CountedAward_IsConflict()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var admin = new AwardAdministration(engine);
        await engine.ProcessAsync(new StatementJson().Parse(), Token);
        var award = Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));

        var result = await admin.RejectAsync(StatementJson.DistrictId, award.AwardKey, "reviewer-1", "no", Token);

        Assert.IsType<ConflictError>(result.Error);
    }

    [Fact]
    public async Task PreviewRules_DoubledLessonPoints_SavesNothing()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        await engine.ProcessAsync(new StatementJson { Actor = "teacher-1" }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Actor = "teacher-2", Verb = XapiTerms.Approved, ActivityType = XapiTerms.EvidenceType }.Parse(), Token);
        var rules = RuleSet.Default with
        {
            PointRules = RuleSet.Default.PointRules.Select(rule => rule.Key == "lesson" ? rule with { Points = 20 } : rule).ToList(),
        };

        var preview = await engine.PreviewRulesAsync(StatementJson.DistrictId, rules, Token);

        var change = Assert.Single(preview.Value!);
        Assert.Equal((10, 20, 10), (change.PointsBefore, change.PointsAfter, change.PointsDelta));
        var standings = await engine.GetStandingsAsync(StatementJson.DistrictId, Token);
        Assert.Equal([10, 50], standings.Select(s => s.Points).Order());
    }

    [Fact]
    public async Task ApplyRules_PerActivityValue_RecomputesAndAudits()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var admin = new AwardAdministration(engine);
        await engine.ProcessAsync(new StatementJson().Parse(), Token);
        var rules = RuleSet.Default with
        {
            ActivityPoints = new Dictionary<string, int> { ["https://pd.district.test/lessons/1"] = 35 },
        };

        var applied = await engine.ApplyRulesAsync(StatementJson.DistrictId, rules, "admin-1", Token);
        await engine.ProcessAsync(new StatementJson { Actor = "teacher-9" }.Parse(), Token);

        Assert.Equal(25, Assert.Single(applied.Value!).PointsDelta);
        Assert.All(await engine.GetStandingsAsync(StatementJson.DistrictId, Token), s => Assert.Equal(35, s.Points));
        Assert.Equal("rules-apply", Assert.Single(await admin.GetAuditAsync(StatementJson.DistrictId, Token)).Action);
        Assert.Equal(35, (await engine.GetRulesAsync(StatementJson.DistrictId, Token)).ActivityPoints["https://pd.district.test/lessons/1"]);
    }

    [Fact]
    public async Task ApplyRules_Invalid_ReturnsEveryProblem()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var rules = RuleSet.Default with { DailyCap = -1, TimeZoneId = "Mars/Olympus", Levels = [new(5, "Start")] };

        var result = await engine.ApplyRulesAsync(StatementJson.DistrictId, rules, "admin-1", Token);

        var error = Assert.IsType<InvalidInputError>(result.Error);
        Assert.Contains("DailyCap -1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus", error.Message, StringComparison.Ordinal);
        Assert.Contains("start with a level at 0 points", error.Message, StringComparison.Ordinal);
    }
}
