using LtiPd.Gamification.Statements;
using LtiPd.Gamification.Tests.Support;

namespace LtiPd.Gamification.Tests.Statements;

public sealed class StatementReaderTests
{
    [Fact]
    public void Read_FullStatement_ParsesEveryField()
    {
        const string json = """
            {
              "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
              "stored": "2026-09-14T15:00:00.123Z",
              "timestamp": "2026-09-14T09:59:58-05:00",
              "actor": { "objectType": "Agent", "account": { "homePage": "https://canvas.district.test", "name": "42" } },
              "verb": { "id": "http://adlnet.gov/expapi/verbs/passed" },
              "object": { "id": "https://pd.district.test/checks/1", "definition": { "type": "http://adlnet.gov/expapi/activities/assessment" } },
              "result": { "success": true, "completion": true, "score": { "scaled": 0.85, "raw": 17 } },
              "context": {
                "registration": "f3c2a9a0-38b5-4f0e-9d74-7f9b7d7a4f10",
                "contextActivities": { "parent": { "id": "https://pd.district.test/modules/1" }, "grouping": [ { "id": "https://pd.district.test/pathways/1" } ] },
                "extensions": { "https://ltipd.org/xapi/extensions/district": "d-1", "https://ltipd.org/xapi/extensions/school": 17, "https://example.test/x": { "nested": true } }
              }
            }
            """;

        var statement = StatementReader.Read(json).Statement!;

        Assert.Equal(Guid.Parse("6690e6c9-3ef0-4ed3-8b37-7f3964730bee"), statement.Id);
        Assert.Equal(new DateTimeOffset(2026, 9, 14, 15, 0, 0, 123, TimeSpan.Zero), statement.Stored);
        Assert.Equal(new DateTimeOffset(2026, 9, 14, 14, 59, 58, TimeSpan.Zero), statement.Timestamp);
        Assert.Equal(("https://canvas.district.test", "42"), (statement.ActorHomePage, statement.ActorName));
        Assert.Equal("http://adlnet.gov/expapi/verbs/passed", statement.VerbId);
        Assert.Equal("https://pd.district.test/checks/1", statement.ObjectActivityId);
        Assert.Equal("http://adlnet.gov/expapi/activities/assessment", statement.ObjectActivityType);
        Assert.Equal((true, true, 0.85), (statement.Success, statement.Completion, statement.ScoreScaled));
        Assert.Equal(Guid.Parse("f3c2a9a0-38b5-4f0e-9d74-7f9b7d7a4f10"), statement.Registration);
        Assert.Equal(["https://pd.district.test/modules/1", "https://pd.district.test/pathways/1"], statement.ContextActivityIds);
        Assert.Equal("d-1", statement.Extension("https://ltipd.org/xapi/extensions/district"));
        Assert.Equal("17", statement.Extension("https://ltipd.org/xapi/extensions/school"));
        Assert.Null(statement.Extension("https://example.test/x"));
        Assert.Null(statement.VoidedStatementId);
    }

    [Fact]
    public void Read_VoidingStatement_ReadsTargetId()
    {
        var target = Guid.NewGuid();

        var statement = new StatementJson { Voids = target }.Parse();

        Assert.Equal(target, statement.VoidedStatementId);
        Assert.Null(statement.ObjectActivityId);
    }

    [Theory]
    [InlineData("""{"stored":"2026-09-14T15:00:00Z","actor":{"account":{"homePage":"h","name":"n"}},"verb":{"id":"v"}}""", "'id'")]
    [InlineData("""{"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","actor":{"account":{"homePage":"h","name":"n"}},"verb":{"id":"v"}}""", "'stored'")]
    [InlineData("""{"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","stored":"2026-09-14T15:00:00Z","actor":{"mbox":"mailto:a@b.test"},"verb":{"id":"v"}}""", "'actor.account'")]
    [InlineData("""{"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","stored":"2026-09-14T15:00:00Z","actor":{"account":{"homePage":"h","name":"n"}}}""", "'verb.id'")]
    [InlineData("""{"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","stored":"2026-09-14T15:00:00Z","actor":{"account":{"homePage":"h","name":"n"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},"object":{"id":"x"}}""", "StatementRef")]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("{not json", "not valid JSON")]
    public void Read_InvalidStatement_NamesTheProblem(string json, string expected)
    {
        var result = StatementReader.Read(json);

        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }
}
