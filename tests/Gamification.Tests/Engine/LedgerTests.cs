using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;

namespace LtiPd.Gamification.Tests.Engine;

public sealed class LedgerTests
{
    private static readonly DateTimeOffset Monday = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Process_LessonCompleted_AwardsTenPoints()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var statement = new StatementJson().Parse();

        var outcome = await engine.ProcessAsync(statement, Token);

        Assert.Equal(ProcessOutcome.Processed, outcome);
        var row = Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));
        Assert.Equal(10, row.Points);
        Assert.Equal("lesson", row.RuleKey);
        Assert.Equal(AwardStatus.Counted, row.Status);
        Assert.Equal(statement.Id.ToString("D"), row.SourceStatementId);
        Assert.Equal("Completed a micro-lesson (https://pd.district.test/lessons/1): 10 points", row.Reason);
        Assert.Equal("course-7", row.CourseId);
        Assert.Equal("school-a", row.SchoolId);
    }

    [Fact]
    public async Task Process_SameStatementTwice_SecondIsDuplicate()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var statement = new StatementJson().Parse();

        await engine.ProcessAsync(statement, Token);
        var second = await engine.ProcessAsync(statement, Token);

        Assert.Equal(ProcessOutcome.Duplicate, second);
        Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));
    }

    [Fact]
    public async Task Process_SameLessonAgain_AwardsOnce()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);

        await engine.ProcessAsync(new StatementJson { Stored = Monday }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Stored = Monday.AddDays(1) }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Stored = Monday.AddDays(1), Actor = "teacher-2" }.Parse(), Token);

        var ledger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        Assert.Equal(2, ledger.Count);
        Assert.Equal(2, ledger.Select(row => row.UserId).Distinct().Count());
    }

    [Theory]
    [InlineData(true, 0.75, null, 10)]
    [InlineData(false, 0.95, null, 0)]
    [InlineData(true, 0.79, 0.8, 0)]
    [InlineData(true, 0.8, 0.8, 10)]
    [InlineData(false, 1.0, 0.8, 0)]
    public async Task Process_CheckPassed_AwardsOnlyAtMastery(bool success, double scaled, double? districtFloor, int expectedPoints)
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        if (districtFloor is not null)
        {
            await engine.ApplyRulesAsync(StatementJson.DistrictId, RuleSet.Default with { MasteryScaledScore = districtFloor }, "admin-1", Token);
        }

        var statement = new StatementJson
        {
            Verb = XapiTerms.Passed, ActivityType = XapiTerms.AssessmentType, ActivityId = "https://pd.district.test/checks/1",
            Success = success, Scaled = scaled,
        };

        await engine.ProcessAsync(statement.Parse(), Token);

        var standings = await engine.GetStandingsAsync(StatementJson.DistrictId, Token);
        Assert.Equal(expectedPoints, standings.Sum(standing => standing.Points));
    }

    [Fact]
    public async Task Process_PastDailyCap_CapsAutomaticPoints()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);

        for (var i = 0; i < 13; i++)
        {
            var lesson = new StatementJson { Stored = Monday.AddMinutes(5 * i), ActivityId = $"https://pd.district.test/lessons/{i}" };
            await engine.ProcessAsync(lesson.Parse(), Token);
        }

        var evidence = new StatementJson
        {
            Stored = Monday.AddHours(2), Verb = XapiTerms.Approved, ActivityType = XapiTerms.EvidenceType,
            ActivityId = "https://pd.district.test/evidence/1",
        };
        await engine.ProcessAsync(evidence.Parse(), Token);
        var nextDay = new StatementJson { Stored = Monday.AddDays(1), ActivityId = "https://pd.district.test/lessons/99" };
        await engine.ProcessAsync(nextDay.Parse(), Token);

        var ledger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        Assert.Equal(15, ledger.Count);
        Assert.Equal(120, ledger.Where(row => row.RuleKey == "lesson" && row.LocalDay == DateOnly.FromDateTime(Monday.UtcDateTime).DayNumber).Sum(row => row.Points));
        var capped = ledger.Single(row => row.ItemId == "https://pd.district.test/lessons/12");
        Assert.Equal(0, capped.Points);
        Assert.Contains("daily cap of 120 reached", capped.Reason, StringComparison.Ordinal);
        Assert.Equal(50, ledger.Single(row => row.RuleKey == "evidence").Points);
        Assert.Equal(10, ledger.Single(row => row.ItemId == "https://pd.district.test/lessons/99").Points);
        Assert.Equal(180, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }

    [Fact]
    public async Task Process_LiveSessionPastCap_PaysOnceUncapped()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        for (var i = 0; i < 12; i++)
        {
            await engine.ProcessAsync(new StatementJson { Stored = Monday.AddMinutes(5 * i), ActivityId = $"https://pd.district.test/lessons/{i}" }.Parse(), Token);
        }

        var session = new StatementJson
        {
            Stored = Monday.AddHours(3), Verb = XapiTerms.Attended, ActivityType = XapiTerms.LiveSessionType,
            ActivityId = "https://pd.district.test/live-sessions/s1",
        };
        await engine.ProcessAsync(session.Parse(), Token);
        session.Id = Guid.NewGuid();
        session.Stored = Monday.AddHours(4);
        await engine.ProcessAsync(session.Parse(), Token);

        var ledger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        var attended = Assert.Single(ledger, row => row.RuleKey == "live-session");
        Assert.Equal(25, attended.Points);
        Assert.StartsWith("Attended a live session", attended.Reason, StringComparison.Ordinal);
        Assert.Equal(145, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }

    [Fact]
    public async Task Process_LiveSessionDistrictValue_Overrides()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var rules = RuleSet.Default with
        {
            PointRules = RuleSet.Default.PointRules.Select(rule => rule.Key == "live-session" ? rule with { Points = 40 } : rule).ToList(),
        };
        Assert.Null((await engine.ApplyRulesAsync(StatementJson.DistrictId, rules, "admin-1", Token)).Error);

        await engine.ProcessAsync(new StatementJson
        {
            Stored = Monday, Verb = XapiTerms.Attended, ActivityType = XapiTerms.LiveSessionType, ActivityId = "https://pd.district.test/live-sessions/s2",
        }.Parse(), Token);

        Assert.Equal(40, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }

    [Fact]
    public async Task Process_ReviewerApprovesSubmission_LearnerEarns()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var submission = new StatementJson
        {
            Stored = Monday, Actor = "teacher-1", Verb = XapiTerms.Submitted, ActivityType = XapiTerms.EvidenceType,
            ActivityId = "https://pd.district.test/evidence/1",
        };
        var approval = new StatementJson
        {
            Stored = Monday.AddHours(1), Actor = "leader-1", Verb = XapiTerms.Approved, ActivityType = XapiTerms.EvidenceType,
            ActivityId = "https://pd.district.test/evidence/1", About = submission.Id,
        };

        await engine.ProcessAsync(submission.Parse(), Token);
        await engine.ProcessAsync(approval.Parse(), Token);

        var award = Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token), row => row.RuleKey == "evidence");
        Assert.Equal(50, award.Points);
        Assert.Equal(GamificationKeys.UserId(StatementJson.HomePage, "teacher-1"), award.UserId);
        Assert.Empty(await engine.GetLedgerAsync(StatementJson.DistrictId, GamificationKeys.UserId(StatementJson.HomePage, "leader-1"), Token));
    }

    [Fact]
    public async Task RunOnce_SubmissionAndReviewInOneBatch_LearnerEarns()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var submission = new StatementJson
        {
            Stored = Monday, Actor = "teacher-1", Verb = XapiTerms.Submitted, ActivityType = XapiTerms.EvidenceType,
            ActivityId = "https://pd.district.test/evidence/1",
        };
        var approval = new StatementJson
        {
            Stored = Monday.AddHours(1), Actor = "leader-1", Verb = XapiTerms.Approved, ActivityType = XapiTerms.EvidenceType,
            ActivityId = "https://pd.district.test/evidence/1", About = submission.Id,
        };

        // The review comes first in the batch, so it cannot credit the submitter; the one after it can.
        var early = new StatementJson
        {
            Stored = Monday.AddHours(1), Actor = "leader-1", Verb = XapiTerms.Approved, ActivityType = XapiTerms.EvidenceType,
            ActivityId = "https://pd.district.test/evidence/2", About = submission.Id,
        };
        await engine.RunOnceAsync(new ListStatementSource([early.Parse(), submission.Parse(), approval.Parse()]), Token);

        var ledger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        var credited = Assert.Single(ledger, row => row.ItemId == "https://pd.district.test/evidence/1");
        Assert.Equal(GamificationKeys.UserId(StatementJson.HomePage, "teacher-1"), credited.UserId);
        var own = Assert.Single(ledger, row => row.ItemId == "https://pd.district.test/evidence/2");
        Assert.Equal(GamificationKeys.UserId(StatementJson.HomePage, "leader-1"), own.UserId);
    }

    [Fact]
    public async Task Process_ReviewNamingLearnerAgent_LearnerEarns()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var approval = new StatementJson
        {
            Stored = Monday, Actor = "leader-1", Verb = XapiTerms.Approved, ActivityType = XapiTerms.EvidenceType,
            ActivityId = "https://pd.district.test/evidence/2", About = Guid.NewGuid(), ContextLearner = "teacher-2",
        };

        await engine.ProcessAsync(approval.Parse(), Token);
        var award = Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));
        var changes = await engine.RebuildAsync(StatementJson.DistrictId, Token);

        Assert.Equal(GamificationKeys.UserId(StatementJson.HomePage, "teacher-2"), award.UserId);
        Assert.Empty(changes);
        var rebuilt = Assert.Single(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));
        Assert.Equal(award.UserId, rebuilt.UserId);
    }

    [Fact]
    public async Task Process_BurstOfAwards_HoldsForReview()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);

        for (var i = 0; i < 12; i++)
        {
            var lesson = new StatementJson { Stored = Monday.AddSeconds(4 * i), ActivityId = $"https://pd.district.test/lessons/{i}" };
            await engine.ProcessAsync(lesson.Parse(), Token);
        }

        var ledger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        Assert.Equal(12, ledger.Count);
        Assert.Equal(10, ledger.Count(row => row.Status == AwardStatus.Counted));
        Assert.Equal(2, ledger.Count(row => row.Status == AwardStatus.Held));
        Assert.All(ledger.Where(row => row.Status == AwardStatus.Held), row => Assert.Equal(10, row.Points));
        Assert.Equal(100, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }

    [Fact]
    public async Task Process_VoidingAfterTarget_ReversesItsPoints()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var target = new StatementJson { Stored = Monday }.Parse();
        var voiding = new StatementJson { Stored = Monday.AddMinutes(1), Voids = target.Id }.Parse();

        await engine.ProcessAsync(target, Token);
        var outcome = await engine.ProcessAsync(voiding, Token);

        Assert.Equal(ProcessOutcome.Voiding, outcome);
        var ledger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        Assert.Equal(2, ledger.Count);
        var reversal = ledger.Single(row => row.RuleKey == "reversal");
        Assert.Equal(-10, reversal.Points);
        Assert.Equal(voiding.Id.ToString("D"), reversal.SourceStatementId);
        Assert.Equal($"Statement {target.Id:D} was voided by statement {voiding.Id:D}", reversal.Reason);
        Assert.Equal(0, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }

    [Fact]
    public async Task Process_VoidingBeforeTarget_TargetEarnsNothing()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var target = new StatementJson { Stored = Monday }.Parse();
        var voiding = new StatementJson { Stored = Monday.AddMinutes(1), Voids = target.Id }.Parse();

        await engine.ProcessAsync(voiding, Token);
        var outcome = await engine.ProcessAsync(target, Token);

        Assert.Equal(ProcessOutcome.AlreadyVoided, outcome);
        Assert.Empty(await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token));
    }

    [Fact]
    public async Task Process_VoidingFromOtherDistrict_ReversesNothing()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        var target = new StatementJson { Stored = Monday }.Parse();
        var voiding = new StatementJson { Stored = Monday.AddMinutes(1), Voids = target.Id, District = "district-2" }.Parse();

        await engine.ProcessAsync(target, Token);
        await engine.ProcessAsync(voiding, Token);

        Assert.Equal(10, Assert.Single(await engine.GetStandingsAsync(StatementJson.DistrictId, Token)).Points);
    }
}
