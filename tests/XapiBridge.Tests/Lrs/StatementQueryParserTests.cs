using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class StatementQueryParserTests
{
    [Fact]
    public void Parse_AllFilters_ReadsEachValue()
    {
        var parameters = new Dictionary<string, string>
        {
            ["agent"] = """{"account":{"homePage":"https://sis.example","name":"42"}}""",
            ["verb"] = "http://adlnet.gov/expapi/verbs/completed",
            ["activity"] = "https://pd.example.edu/a",
            ["registration"] = "6690E6C9-3EF0-4ED3-8B37-7F3964730BEE",
            ["related_agents"] = "true",
            ["related_activities"] = "true",
            ["since"] = "2026-01-01T00:00:00Z",
            ["until"] = "2026-01-02T00:00:00.500+01:00",
            ["limit"] = "25",
            ["format"] = "ids",
            ["attachments"] = "true",
            ["ascending"] = "true",
        };

        var query = StatementQueryParser.Parse(parameters, 100).Value!;

        Assert.Equal("account:https://sis.example|42", query.AgentKey);
        Assert.Equal("http://adlnet.gov/expapi/verbs/completed", query.VerbId);
        Assert.Equal("https://pd.example.edu/a", query.ActivityId);
        Assert.Equal("6690e6c9-3ef0-4ed3-8b37-7f3964730bee", query.Registration);
        Assert.True(query.RelatedAgents);
        Assert.True(query.RelatedActivities);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), query.SinceMs);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 23, 0, 0, 500, TimeSpan.Zero).ToUnixTimeMilliseconds(), query.UntilMs);
        Assert.Equal(25, query.Limit);
        Assert.Equal(StatementFormat.Ids, query.Format);
        Assert.True(query.Attachments);
        Assert.True(query.Ascending);
    }

    [Theory]
    [InlineData("0", 100)]
    [InlineData("1000", 100)]
    [InlineData("7", 7)]
    [InlineData("2147483648", 100)]
    [InlineData("99999999999999999999", 100)]
    public void Parse_Limit_CappedAtServerMaximum(string limit, int expected)
    {
        var query = StatementQueryParser.Parse(new Dictionary<string, string> { ["limit"] = limit }, 100).Value!;

        Assert.Equal(expected, query.Limit);
    }

    [Theory]
    [InlineData("agent", """{"mbox":"mailto:a@b.example","openid":"https://id.example/a"}""")]
    [InlineData("agent", "not json")]
    [InlineData("registration", "not-a-uuid")]
    [InlineData("since", "yesterday")]
    [InlineData("limit", "-1")]
    [InlineData("limit", "")]
    [InlineData("limit", "+5")]
    [InlineData("format", "full")]
    [InlineData("ascending", "yes")]
    [InlineData("unknown", "x")]
    [InlineData("verb", "completed")]
    [InlineData("activity", "module 1")]
    public void Parse_InvalidParameter_Returns400NamingIt(string name, string value)
    {
        var result = StatementQueryParser.Parse(new Dictionary<string, string> { [name] = value }, 100);

        Assert.Equal(400, result.Error?.Status);
        Assert.Equal(name, result.Error?.Field);
    }

    [Fact]
    public void ParseCursor_CreatedCursor_KeepsFiltersAndPosition()
    {
        var query = StatementQueryParser.Parse(new Dictionary<string, string> { ["verb"] = "http://v.example/a&b=c", ["limit"] = "3" }, 100).Value!;

        var cursor = StatementQueryParser.CreateCursor(query, 41, 99);
        var next = StatementQueryParser.ParseCursor(cursor, 100).Value!;

        Assert.Equal("http://v.example/a&b=c", next.VerbId);
        Assert.Equal(3, next.Limit);
        Assert.Equal(41, next.AfterSeq);
        Assert.Equal(99, next.MaxSeq);
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("dmVyYj14")]
    public void ParseCursor_Damaged_Returns400(string cursor)
    {
        var result = StatementQueryParser.ParseCursor(cursor, 100);

        Assert.Equal("more", result.Error?.Field);
    }
}
