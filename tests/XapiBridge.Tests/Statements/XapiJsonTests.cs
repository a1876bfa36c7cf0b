using System.Text.Json;
using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Tests.Validation;
using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Tests.Statements;

public sealed class XapiJsonTests
{
    private readonly StatementValidator _validator = new();

    [Theory]
    [InlineData("simple.json")]
    [InlineData("attempted-with-duration.json")]
    [InlineData("long.json")]
    [InlineData("statement-ref-comment.json")]
    [InlineData("substatement-planned.json")]
    [InlineData("voiding.json")]
    [InlineData("interaction-choice.json")]
    [InlineData("interaction-matching.json")]
    [InlineData("attachment.json")]
    [InlineData("v2-context-agents.json")]
    public void RoundTrip_SpecExample_StaysValid(string file)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Validation", "SpecExamples", file));

        var statement = XapiJson.Deserialize(json);
        var written = XapiJson.SerializeToElement(statement);

        Assert.Empty(_validator.Validate(written, XapiVersion.V2));
        Assert.Equal(XapiJson.Serialize(statement), XapiJson.Serialize(XapiJson.Deserialize(written.GetRawText())));
    }

    [Fact]
    public void Deserialize_GroupActorAndAgentObject_PicksTypesByObjectType()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Validation", "SpecExamples", "long.json"));

        var statement = XapiJson.Deserialize(json);

        var group = Assert.IsType<Group>(statement.Actor);
        Assert.Equal(3, group.Member!.Count);
        Assert.Equal("13936749", group.Member[0].Account!.Name);
        Assert.Equal("ebd31e95054c018b10727ccffd2ef2ec3a016ee9", group.Member[2].MboxSha1Sum);
        var activity = Assert.IsType<Activity>(statement.Target);
        Assert.Equal("http://adlnet.gov/expapi/activities/meeting", activity.Definition!.Type);
        Assert.Equal("Kilby", activity.Definition.Extensions!["http://example.com/profiles/meetings/activitydefinitionextensions/room"].GetProperty("name").GetString());
        Assert.IsType<Agent>(statement.Context!.Instructor);
        Assert.Equal(2, statement.Context.ContextActivities!.Other!.Count);
    }

    [Fact]
    public void Deserialize_SingleContextActivity_ReadsAsListAndWritesArray()
    {
        var json = StatementJson.With("context.contextActivities.parent", "{\"id\":\"https://pd.example.edu/courses/7\"}");

        var statement = XapiJson.Deserialize(json);
        var written = XapiJson.SerializeToElement(statement);

        Assert.Equal("https://pd.example.edu/courses/7", Assert.Single(statement.Context!.ContextActivities!.Parent!).Id);
        Assert.Equal(JsonValueKind.Array, written.GetProperty("context").GetProperty("contextActivities").GetProperty("parent").ValueKind);
    }

    [Fact]
    public void Serialize_TimestampWithOffset_WritesUtc()
    {
        var statement = XapiJson.Deserialize(StatementJson.With("timestamp", "\"2024-05-01T12:00:00.250+02:00\""));

        var written = XapiJson.SerializeToElement(statement);

        Assert.Equal("2024-05-01T10:00:00.250Z", written.GetProperty("timestamp").GetString());
        Assert.Equal(TimeSpan.Zero, statement.Timestamp!.Value.Offset);
    }

    [Fact]
    public void Serialize_NewStatement_WritesXapiPropertyNames()
    {
        var statement = new Statement
        {
            Id = Guid.Parse("3e7ab1f0-5a7c-4f0a-9a51-0c2b7f1d2e34"),
            Actor = new Agent { MboxSha1Sum = "ebd31e95054c018b10727ccffd2ef2ec3a016ee9" },
            Verb = new Verb("http://adlnet.gov/expapi/verbs/experienced", "experienced"),
            Target = new StatementRef(Guid.Parse("5d7a1f4e-2c3b-4a5d-9e8f-7a6b5c4d3e2f")),
            Timestamp = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(-5)),
        };

        var json = XapiJson.Serialize(statement);

        Assert.Equal(
            "{\"id\":\"3e7ab1f0-5a7c-4f0a-9a51-0c2b7f1d2e34\",\"actor\":{\"objectType\":\"Agent\",\"mbox_sha1sum\":\"ebd31e95054c018b10727ccffd2ef2ec3a016ee9\"},"
            + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\",\"display\":{\"en-US\":\"experienced\"}},"
            + "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"5d7a1f4e-2c3b-4a5d-9e8f-7a6b5c4d3e2f\"},\"timestamp\":\"2024-05-01T15:00:00.000Z\"}",
            json);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, "PT0S")]
    [InlineData(1, 30, 0, 0, "PT1H30M")]
    [InlineData(0, 0, 5, 250, "PT5.25S")]
    [InlineData(27, 0, 1, 0, "PT27H1S")]
    [InlineData(0, 0, 59, 999, "PT1M")]
    [InlineData(0, 0, 59, 995, "PT1M")]
    [InlineData(0, 0, 59, 994, "PT59.99S")]
    [InlineData(0, 59, 59, 999, "PT1H")]
    [InlineData(1, 29, 59, 996, "PT1H30M")]
    public void FormatDuration_TimeSpan_WritesIso8601(int hours, int minutes, int seconds, int milliseconds, string expected)
    {
        var duration = new TimeSpan(0, hours, minutes, seconds, milliseconds);

        var text = Result.FormatDuration(duration);

        Assert.Equal(expected, text);
        Assert.True(XapiFormats.IsDuration(text));
    }
}
