using System.Text.Json;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class StatementComparerTests
{
    private const string Base = """{"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"https://pd.example.edu/a"}""";

    [Theory]
    [InlineData(Base + "}", Base + ""","stored":"2026-01-01T00:00:00Z","authority":{"mbox":"mailto:lrs@b.example"},"version":"1.0.0"}""")]
    [InlineData("""{"verb":{"id":"http://v.example/x"},"actor":{"mbox":"mailto:a@b.example"}}""", """{"actor":{"mbox":"mailto:a@b.example"},"verb":{"id":"http://v.example/x"}}""")]
    [InlineData(Base + ""","timestamp":"2026-01-01T10:00:00+02:00"}""", Base + ""","timestamp":"2026-01-01T08:00:00.000Z"}""")]
    [InlineData(Base + ""","result":{"duration":"PT1.234S"}}""", Base + ""","result":{"duration":"PT1.23S"}}""")]
    [InlineData(Base + ""","result":{"score":{"scaled":0.5}}}""", Base + ""","result":{"score":{"scaled":0.50}}}""")]
    [InlineData("""{"id":"6690E6C9-3EF0-4ED3-8B37-7F3964730BEE"}""", """{"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}""")]
    public void SameContent_EquivalentStatements_True(string received, string stored)
    {
        Assert.True(Compare(received, stored));
    }

    [Theory]
    [InlineData(Base + "}", Base + ""","result":{"success":true}}""")]
    [InlineData(Base + ""","result":{"duration":"PT1.24S"}}""", Base + ""","result":{"duration":"PT1.23S"}}""")]
    [InlineData(Base + ""","timestamp":"2026-01-01T10:00:00Z"}""", Base + ""","timestamp":"2026-01-01T10:00:01Z"}""")]
    [InlineData("""{"object":{"id":"https://pd.example.edu/A"}}""", """{"object":{"id":"https://pd.example.edu/a"}}""")]
    public void SameContent_DifferentStatements_False(string received, string stored)
    {
        Assert.False(Compare(received, stored));
    }

    [Fact]
    public void SameContent_ReceivedWithoutTimestamp_IgnoresStoredTimestamp()
    {
        Assert.True(Compare(Base + "}", Base + ""","timestamp":"2026-01-01T10:00:00Z"}"""));
    }

    private static bool Compare(string received, string stored)
    {
        using var left = JsonDocument.Parse(received);
        using var right = JsonDocument.Parse(stored);
        return StatementComparer.SameContent(left.RootElement, right.RootElement);
    }
}
