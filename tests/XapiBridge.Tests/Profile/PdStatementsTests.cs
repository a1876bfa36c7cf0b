using System.Text.Json;
using LtiPd.XapiBridge.Profile;
using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Tests.Profile;

public sealed class PdStatementsTests
{
    private const string Base = "https://pd.district.example";

    private static readonly PdPerson Learner = new("https://canvas.instructure.com", "sub-learner-1", "pat@district.example");
    private static readonly PdPerson Coach = new("https://canvas.instructure.com", "sub-coach-9", "coach@district.example");

    private static readonly PdEventContext Context = new()
    {
        DistrictId = "district-1",
        Registration = PdStatements.RegistrationFor("district-1", Learner, "lti-context-77"),
        CourseId = "course-7",
        CourseName = "Formative assessment",
        ModuleId = "module-3",
        ModuleName = "Exit tickets",
        PathwayId = "pathway-1",
        PathwayName = "Assessment literacy",
        LtiDeploymentId = "deployment-1",
        LtiContextId = "lti-context-77",
        LtiResourceLinkId = "link-5",
        Language = "en-US",
        Timestamp = new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.FromHours(-5)),
    };

    private readonly StatementValidator _validator = new();

    private static PdStatements Builder(XapiVersion version = XapiVersion.V1, bool includeEmail = false) =>
        new(new PdStatementsOptions { ActivityBaseIri = new Uri(Base + "/"), Version = version, IncludeEmail = includeEmail });

    /// <summary>Every event of the profile, built with the V1 and V2 builders.</summary>
    public static TheoryData<string> Events => ["launched", "experienced", "answered", "completed", "passed", "failed", "submitted", "approved", "returned", "earned-points", "reached-level", "earned-badge", "submitted-reflection"];

    private static Statement BuildEvent(PdStatements builder, string name) => name switch
    {
        "launched" => builder.Launched("e1", Learner, Context),
        "experienced" => builder.Experienced("e2", Learner, Context, "video-1", "Exit tickets in practice", TimeSpan.FromMinutes(7)),
        "answered" => builder.Answered("e3", Learner, Context,
            new PdQuestion("q-1", "Which are exit tickets?", InteractionTypes.Choice, [new("a", "A closing question"), new("b", "A hall pass")], ["a"]),
            new PdAnswer("a", Success: true, Duration: TimeSpan.FromSeconds(12.5))),
        "completed" => builder.Completed("e4", Learner, Context, PdCompletionScope.Module, TimeSpan.FromMinutes(42)),
        "passed" => builder.Assessed("e5", Learner, Context, "quiz-1", "Module quiz", new Score { Scaled = 0.9m, Raw = 9, Min = 0, Max = 10 }, passed: true, TimeSpan.FromSeconds(150)),
        "failed" => builder.Assessed("e6", Learner, Context, "quiz-1", "Module quiz", new Score { Scaled = 0.4m, Raw = 4, Min = 0, Max = 10 }, passed: false),
        "submitted" => builder.SubmittedEvidence("e7", Learner, Context, Evidence, TimeSpan.FromHours(2)),
        "approved" => builder.ReviewedEvidence("e8", Coach, Learner, Context, Evidence, "e7", approved: true, "Clear plan."),
        "returned" => builder.ReviewedEvidence("e9", Coach, Learner, Context, Evidence, "e7", approved: false, "Add student work."),
        "earned-points" => builder.EarnedPoints("e10", Learner, Context, 50, 350, "module-completed"),
        "reached-level" => builder.ReachedLevel("e11", Learner, Context, 3, "Practitioner"),
        "earned-badge" => builder.EarnedBadge("e12", Learner, Context, "badge-exit-tickets", "Exit ticket expert", "Completed the exit tickets module"),
        "submitted-reflection" => builder.SubmittedReflection("e13", Learner, Context, "reflect-1", "Plan your exit ticket", "I will ask one question at the door.", TimeSpan.FromSeconds(245)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an event of the profile."),
    };

    private static readonly PdEvidence Evidence = new(
        "evidence-42",
        "Lesson plan with exit ticket",
        new PdEvidenceFile("application/pdf", 20480, "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a", new Uri(Base + "/files/evidence-42")));

    [Theory]
    [MemberData(nameof(Events))]
    public void Event_BothVersions_IsValidXapi(string name)
    {
        foreach (var version in new[] { XapiVersion.V1, XapiVersion.V2 })
        {
            var statement = BuildEvent(Builder(version), name);

            var errors = _validator.Validate(XapiJson.SerializeToElement(statement), version);

            Assert.Empty(errors);
        }
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Event_CommonContext_FollowsProfile(string name)
    {
        var statement = BuildEvent(Builder(), name);

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 14, 30, 0, TimeSpan.Zero), statement.Timestamp);
        Assert.Equal(TimeSpan.Zero, statement.Timestamp!.Value.Offset);
        var context = statement.Context!;
        Assert.Equal(Context.Registration, context.Registration);
        Assert.Equal("LtiPd", context.Platform);
        Assert.Equal("en-US", context.Language);
        var category = Assert.Single(context.ContextActivities!.Category!);
        Assert.Equal(PdProfile.Iri, category.Id);
        Assert.Equal(PdProfile.ActivityTypes.Profile, category.Definition!.Type);
        Assert.Equal("district-1", context.Extensions![PdProfile.Extensions.DistrictId].GetString());
        Assert.Equal("deployment-1", context.Extensions[PdProfile.Extensions.LtiDeploymentId].GetString());
        Assert.Equal("lti-context-77", context.Extensions[PdProfile.Extensions.LtiContextId].GetString());
        Assert.Equal("link-5", context.Extensions[PdProfile.Extensions.LtiResourceLinkId].GetString());
        var account = statement.Actor.Account!;
        Assert.Equal("https://canvas.instructure.com", account.HomePage);
        Assert.Null(statement.Actor.Mbox);
        Assert.Null(statement.Actor.Name);
    }

    [Theory]
    [InlineData("launched", PdProfile.Verbs.Launched, Base + "/modules/module-3", PdProfile.ActivityTypes.Module, Base + "/courses/course-7")]
    [InlineData("experienced", PdProfile.Verbs.Experienced, Base + "/items/video-1", PdProfile.ActivityTypes.Lesson, Base + "/modules/module-3")]
    [InlineData("answered", PdProfile.Verbs.Answered, Base + "/questions/q-1", PdProfile.ActivityTypes.Question, Base + "/modules/module-3")]
    [InlineData("completed", PdProfile.Verbs.Completed, Base + "/modules/module-3", PdProfile.ActivityTypes.Module, Base + "/courses/course-7")]
    [InlineData("passed", PdProfile.Verbs.Passed, Base + "/assessments/quiz-1", PdProfile.ActivityTypes.Assessment, Base + "/modules/module-3")]
    [InlineData("failed", PdProfile.Verbs.Failed, Base + "/assessments/quiz-1", PdProfile.ActivityTypes.Assessment, Base + "/modules/module-3")]
    [InlineData("submitted", PdProfile.Verbs.Submitted, Base + "/evidence/evidence-42", PdProfile.ActivityTypes.Evidence, Base + "/modules/module-3")]
    [InlineData("approved", PdProfile.Verbs.Approved, Base + "/evidence/evidence-42", PdProfile.ActivityTypes.Evidence, Base + "/modules/module-3")]
    [InlineData("returned", PdProfile.Verbs.Returned, Base + "/evidence/evidence-42", PdProfile.ActivityTypes.Evidence, Base + "/modules/module-3")]
    [InlineData("earned-points", PdProfile.Verbs.Earned, Base + "/courses/course-7/points", PdProfile.ActivityTypes.Points, Base + "/courses/course-7")]
    [InlineData("reached-level", PdProfile.Verbs.ReachedLevel, Base + "/courses/course-7/levels/3", PdProfile.ActivityTypes.Level, Base + "/courses/course-7")]
    [InlineData("earned-badge", PdProfile.Verbs.Earned, Base + "/badges/badge-exit-tickets", PdProfile.ActivityTypes.Badge, Base + "/courses/course-7")]
    [InlineData("submitted-reflection", PdProfile.Verbs.Submitted, Base + "/reflections/reflect-1", PdProfile.ActivityTypes.Reflection, Base + "/modules/module-3")]
    public void Event_VerbObjectAndParent_MatchProfileTable(string name, string verbId, string objectId, string activityType, string parentId)
    {
        var statement = BuildEvent(Builder(), name);

        Assert.Equal(verbId, statement.Verb.Id);
        var activity = Assert.IsType<Activity>(statement.Target);
        Assert.Equal(objectId, activity.Id);
        Assert.Equal(activityType, activity.Definition!.Type);
        Assert.Equal(parentId, Assert.Single(statement.Context!.ContextActivities!.Parent!).Id);
        var grouping = statement.Context.ContextActivities.Grouping!.Select(item => item.Id).ToList();
        Assert.Contains(Base + "/pathways/pathway-1", grouping);
        Assert.DoesNotContain(parentId, grouping);
    }

    [Fact]
    public void Answered_Question_CarriesInteractionAndResult()
    {
        var statement = BuildEvent(Builder(), "answered");

        var definition = ((Activity)statement.Target).Definition!;
        Assert.Equal(InteractionTypes.Choice, definition.InteractionType);
        Assert.Equal(["a"], definition.CorrectResponsesPattern!);
        Assert.Equal(["a", "b"], definition.Choices!.Select(choice => choice.Id));
        Assert.Equal("a", statement.Result!.Response);
        Assert.True(statement.Result.Success);
        Assert.Equal("PT12.5S", statement.Result.Duration);
    }

    [Theory]
    [InlineData("passed", true, 0.9)]
    [InlineData("failed", false, 0.4)]
    public void Assessed_Outcome_SetsSuccessCompletionAndScore(string name, bool success, double scaled)
    {
        var result = BuildEvent(Builder(), name).Result!;

        Assert.Equal(success, result.Success);
        Assert.True(result.Completion);
        Assert.Equal((decimal)scaled, result.Score!.Scaled);
        Assert.Equal(10, result.Score.Max);
    }

    [Fact]
    public void Assessed_WithoutScaledScore_Throws()
    {
        Assert.Throws<ArgumentException>(() => Builder().Assessed("e", Learner, Context, "quiz", "Quiz", new Score { Raw = 3 }, passed: true));
    }

    [Fact]
    public void Completed_Module_SetsCompletionAndDuration()
    {
        var result = BuildEvent(Builder(), "completed").Result!;

        Assert.True(result.Completion);
        Assert.Equal("PT42M", result.Duration);
    }

    [Theory]
    [InlineData("experienced", "PT7M")]
    [InlineData("answered", "PT12.5S")]
    [InlineData("passed", "PT2M30S")]
    [InlineData("submitted", "PT2H")]
    [InlineData("submitted-reflection", "PT4M5S")]
    public void LearnerStep_WithDuration_SetsResultDuration(string name, string expected)
    {
        var result = BuildEvent(Builder(), name).Result!;

        Assert.Equal(expected, result.Duration);
    }

    [Fact]
    public void SubmittedEvidence_WithoutDuration_HasNoResult()
    {
        var statement = Builder().SubmittedEvidence("e7", Learner, Context, Evidence);

        Assert.Null(statement.Result);
    }

    [Fact]
    public void SubmittedReflection_Text_IsResponseWithLength()
    {
        var result = BuildEvent(Builder(), "submitted-reflection").Result!;

        Assert.Equal("I will ask one question at the door.", result.Response);
        Assert.True(result.Completion);
        Assert.Equal(36, result.Extensions![PdProfile.Extensions.ResponseLength].GetInt32());
    }

    [Fact]
    public void SubmittedReflection_LongText_CutAtMaxLength()
    {
        var text = new string('a', PdStatements.MaxResponseLength - 1) + "\U0001F600" + "tail";

        var result = Builder().SubmittedReflection("e14", Learner, Context, "reflect-1", "Plan", text).Result!;

        // The emoji's surrogate pair would straddle the limit, so the cut falls before it.
        Assert.Equal(new string('a', PdStatements.MaxResponseLength - 1), result.Response);
        Assert.Equal(text.Length, result.Extensions![PdProfile.Extensions.ResponseLength].GetInt32());
    }

    [Fact]
    public void SubmittedEvidence_File_IsAttachedByUrl()
    {
        var statement = BuildEvent(Builder(), "submitted");

        var attachment = Assert.Single(statement.Attachments!);
        Assert.Equal(PdProfile.AttachmentUsageTypes.Evidence, attachment.UsageType);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal(20480, attachment.Length);
        Assert.Equal(Base + "/files/evidence-42", attachment.FileUrl);
        Assert.Equal(PdStatements.SubmittedEvidenceId("district-1", "e7"), statement.Id);
    }

    [Fact]
    public void ReviewedEvidence_Approved_ReferencesSubmissionAndReviewer()
    {
        var statement = BuildEvent(Builder(), "approved");

        Assert.Equal("sub-coach-9", statement.Actor.Account!.Name);
        Assert.Equal(PdStatements.SubmittedEvidenceId("district-1", "e7"), statement.Context!.Statement!.Id);
        Assert.True(statement.Result!.Success);
        Assert.Equal("Clear plan.", statement.Result.Response);
        Assert.Null(statement.Context.ContextAgents);
    }

    [Fact]
    public void ReviewedEvidence_Version2_NamesLearnerInContextAgents()
    {
        var statement = BuildEvent(Builder(XapiVersion.V2), "returned");

        var contextAgent = Assert.Single(statement.Context!.ContextAgents!);
        Assert.Equal("sub-learner-1", contextAgent.Agent.Account!.Name);
        Assert.Equal([PdProfile.Roles.Learner], contextAgent.RelevantTypes!);
        Assert.False(statement.Result!.Success);
    }

    [Fact]
    public void EarnedPoints_Award_CarriesPointsTotalAndReason()
    {
        var result = BuildEvent(Builder(), "earned-points").Result!;

        Assert.Equal(50, result.Score!.Raw);
        Assert.Equal(350, result.Extensions![PdProfile.Extensions.TotalPoints].GetInt32());
        Assert.Equal("module-completed", result.Extensions[PdProfile.Extensions.PointsReason].GetString());
    }

    [Fact]
    public void ReachedLevel_Level_CarriesLevelNumber()
    {
        var result = BuildEvent(Builder(), "reached-level").Result!;

        Assert.Equal(JsonValueKind.Number, result.Extensions![PdProfile.Extensions.Level].ValueKind);
        Assert.Equal(3, result.Extensions[PdProfile.Extensions.Level].GetInt32());
    }

    [Fact]
    public void Launched_SameEventTwice_SameId()
    {
        var first = Builder().Launched("launch-1", Learner, Context);
        var again = Builder().Launched("launch-1", Learner, Context);
        var other = Builder().Launched("launch-2", Learner, Context);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(XapiJson.Serialize(first), XapiJson.Serialize(again));
    }

    [Fact]
    public void Statement_DistrictAllowsEmail_IdentifiesByMboxOnly()
    {
        var statement = Builder(includeEmail: true).Launched("e1", Learner, Context);

        Assert.Equal("mailto:pat@district.example", statement.Actor.Mbox);
        Assert.Null(statement.Actor.Account);
    }

    [Fact]
    public void Statement_DistrictAllowsEmailButNoneKnown_KeepsAccount()
    {
        var statement = Builder(includeEmail: true).Launched("e1", Learner with { Email = null }, Context);

        Assert.Equal("sub-learner-1", statement.Actor.Account!.Name);
    }

    [Fact]
    public void Launched_NoModule_TargetsCourseWithoutSelfGrouping()
    {
        var context = new PdEventContext { DistrictId = "d", Registration = Guid.Empty, CourseId = "c 1", Timestamp = DateTimeOffset.UnixEpoch };

        var statement = Builder().Launched("e", Learner, context);

        Assert.Equal(Base + "/courses/c%201", ((Activity)statement.Target).Id);
        Assert.Null(statement.Context!.ContextActivities!.Parent);
        Assert.Null(statement.Context.ContextActivities.Grouping);
    }

    [Fact]
    public void StatementIds_Version5_MatchesRfcExample()
    {
        // The same vector as Python: uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com").
        var id = StatementIds.Create(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "www.example.com");

        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), id);
    }
}
