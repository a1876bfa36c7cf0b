using LtiPd.Gamification.Data;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Tests.Output;

// The expected texts are the bytes the outbox already holds for these awards, so a replay after
// an upgrade writes the same statements again: property order, escaping and number format count.
public sealed class AwardStatementBuilderTests
{
    private static readonly AwardStatementBuilder Builder = new(new Uri("https://ltipd.org/xapi/gamification"));

    private static readonly AwardContext Context = new(
        "district-1", "user-1", "https://canvas.example", "teacher \"1\" <a&b>",
        new DateTimeOffset(2026, 9, 14, 17, 0, 0, TimeSpan.FromHours(2)), "9a1c6f52-7f3e-4d2b-8a5e-0c4b1e2d3f40");

    private const string Actor =
        """
        "actor":{"objectType":"Agent","account":{"homePage":"https://canvas.example","name":"teacher \u00221\u0022 \u003Ca\u0026b\u003E"}},
        """;

    private const string Verb =
        """
        "verb":{"id":"http://id.tincanapi.com/verb/earned","display":{"en-US":"earned"}},
        """;

    private const string District =
        """
        "context":{"extensions":{"https://w3id.org/ltipd/xapi/extensions/district-id":"district-1"}
        """;

    private const string Source =
        """
        ,"statement":{"objectType":"StatementRef","id":"9a1c6f52-7f3e-4d2b-8a5e-0c4b1e2d3f40"}},
        """;

    private const string Timestamp =
        """
        "timestamp":"2026-09-14T15:00:00.000Z"
        """;

    [Fact]
    public void Points_WithSource_WritesStatementText()
    {
        var id = GamificationKeys.OutputStatementId("district-1", AwardKinds.Points, "key-1");

        var output = Builder.Points(Context, "key-1", "micro lesson", 10, "Micro-lesson (m/1): 10 points");

        Assert.Equal(id, output.Id);
        Assert.Equal((AwardKinds.Points, "user-1"), (output.Kind, output.UserId));
        var activity =
            """
            "object":{"objectType":"Activity","id":"https://ltipd.org/xapi/gamification/points/micro%20lesson","definition":{"type":"https://w3id.org/ltipd/xapi/activities/points","name":{"en-US":"Micro-lesson (m/1): 10 points"}}},
            """;
        var result =
            """
            ,"result":{"score":{"raw":10},"extensions":{"https://ltipd.org/xapi/gamification/extensions/award-key":"key-1"}}}
            """;
        Assert.Equal($"{{\"id\":\"{id:D}\",{Actor}{Verb}{activity}{District}{Source}{Timestamp}{result}", output.Json);
    }

    [Fact]
    public void Level_WithoutSource_WritesStatementText()
    {
        var id = GamificationKeys.OutputStatementId("district-1", AwardKinds.Level, "user-1", "3");

        var output = Builder.Level(Context with { SourceStatementId = null }, 3, "Level 3");

        var activity =
            """
            "object":{"objectType":"Activity","id":"https://ltipd.org/xapi/gamification/levels/3","definition":{"type":"https://w3id.org/ltipd/xapi/activities/level","name":{"en-US":"Level 3"}}},
            """;
        Assert.Equal($"{{\"id\":\"{id:D}\",{Actor}{Verb}{activity}{District}}},{Timestamp}}}", output.Json);
    }

    [Fact]
    public void Badge_WithNarrative_WritesDescription()
    {
        var badge = new BadgeDefinition
        {
            Id = "first steps", Name = "First steps", Description = "d", CriteriaNarrative = "Complete one module.",
            Criterion = BadgeCriterion.ModulesCompleted, Threshold = 1,
        };
        var id = GamificationKeys.OutputStatementId("district-1", AwardKinds.Badge, "user-1", "first steps");

        var output = Builder.Badge(Context, badge);

        var activity =
            """
            "object":{"objectType":"Activity","id":"https://ltipd.org/xapi/gamification/badges/first%20steps","definition":{"type":"http://activitystrea.ms/schema/1.0/badge","name":{"en-US":"First steps"},"description":{"en-US":"Complete one module."}}},
            """;
        Assert.Equal($"{{\"id\":\"{id:D}\",{Actor}{Verb}{activity}{District}{Source}{Timestamp}}}", output.Json);
    }
}
