using System.Text.Json;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Tests.Engine;

// Rebuilds replay the stored copies, so copies written by the source-generated serializer must
// read the same as those the reflection serializer wrote before it, and the reverse.
public sealed class StatementPayloadTests
{
    private static readonly JsonSerializerOptions ReflectionOptions = new(JsonSerializerDefaults.Web) { IncludeFields = true };

    private static readonly GamificationStatement Full = new()
    {
        Id = Guid.Parse("9a1c6f52-7f3e-4d2b-8a5e-0c4b1e2d3f40"),
        Stored = new DateTimeOffset(2026, 9, 14, 15, 0, 0, 123, TimeSpan.Zero),
        StoredSequence = 42,
        Timestamp = new DateTimeOffset(2026, 9, 14, 16, 59, 59, TimeSpan.FromHours(2)),
        ActorHomePage = "https://canvas.example",
        ActorName = "teacher \"1\" <a&b> é",
        VerbId = "http://adlnet.gov/expapi/verbs/passed",
        ObjectActivityId = "https://pd.example/checks/1",
        ObjectActivityType = "http://adlnet.gov/expapi/activities/assessment",
        VoidedStatementId = Guid.Parse("0b6b3c1e-1d2f-4a5b-8c7d-9e0f1a2b3c4d"),
        Success = true,
        Completion = false,
        ScoreScaled = 0.875,
        ContextStatementId = Guid.Parse("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"),
        LearnerAccount = ("https://canvas.example", "learner-1"),
        Registration = Guid.Parse("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"),
        ContextActivityIds = ["https://pd.example/modules/1", "https://pd.example/courses/7"],
        ContextExtensions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["https://w3id.org/ltipd/xapi/extensions/district-id"] = "district-1",
            ["https://w3id.org/ltipd/xapi/extensions/school-id"] = "school <a>",
        },
    };

    private static readonly GamificationStatement Minimal = new()
    {
        Id = Guid.Parse("3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b"),
        Stored = new DateTimeOffset(2026, 9, 14, 15, 0, 0, TimeSpan.Zero),
        Timestamp = new DateTimeOffset(2026, 9, 14, 15, 0, 0, TimeSpan.Zero),
        ActorHomePage = "https://canvas.example",
        ActorName = "teacher-1",
        VerbId = "http://adlnet.gov/expapi/verbs/voided",
    };

    public static TheoryData<string> Statements => ["full", "minimal"];

    [Theory]
    [MemberData(nameof(Statements))]
    public void Serialize_Statement_MatchesReflectionSerializer(string name)
    {
        var statement = name == "full" ? Full : Minimal;

        var json = StatementPayload.Serialize(statement);

        Assert.Equal(JsonSerializer.Serialize(statement, ReflectionOptions), json);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Deserialize_ReflectionCopy_ReadsEveryField(string name)
    {
        var statement = name == "full" ? Full : Minimal;
        var stored = JsonSerializer.Serialize(statement, ReflectionOptions);

        var read = StatementPayload.Deserialize(stored);

        Assert.Equal(stored, JsonSerializer.Serialize(read, ReflectionOptions));
        Assert.Equal(statement.LearnerAccount, read.LearnerAccount);
        Assert.Equal(statement.ContextExtensions, read.ContextExtensions);
        Assert.Equal(statement.ContextActivityIds, read.ContextActivityIds);
    }

    [Fact]
    public void Deserialize_EmptyLearnerAccount_ReadsNoLearner()
    {
        var stored = JsonSerializer.Serialize(Full, ReflectionOptions).Replace(
            "\"learnerAccount\":{\"item1\":\"https://canvas.example\",\"item2\":\"learner-1\"}", "\"learnerAccount\":{}", StringComparison.Ordinal);
        Assert.Contains("\"learnerAccount\":{}", stored, StringComparison.Ordinal);

        var read = StatementPayload.Deserialize(stored);

        Assert.Null(read.LearnerAccount);
    }
}
