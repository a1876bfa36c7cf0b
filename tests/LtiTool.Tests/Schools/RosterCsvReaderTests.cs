using System.Text;
using LtiPd.LtiTool.Schools;

namespace LtiPd.LtiTool.Tests.Schools;

public sealed class RosterCsvReaderTests
{
    [Theory]
    [InlineData("ok,s-1,Maple\nbad,s-\"1,Oak\n", 3, "school_id", "s-\"1")]
    [InlineData("\"quoted\"x,s-1,Maple\n", 2, "subject", "\"quoted\"x")]
    [InlineData("ok,s-1,Maple\nlast,s-2,Birch,\"extra\"y\n", 3, "column 4", "\"extra\"y")]
    public void Read_StrayQuote_NamesLineColumnAndFix(string body, int line, string column, string value)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("subject,school_id,school_name\n" + body));

        var (rows, problems) = RosterCsvReader.Read(csv);

        Assert.Empty(rows);
        var problem = Assert.Single(problems);
        Assert.Equal((line, column), (problem.Line, problem.Field));
        Assert.Equal(
            $"The {column} value '{value}' has a double quote that does not enclose the whole value. " +
            "Put the whole value in double quotes and write each double quote inside it twice (\"\"), or remove the quote.",
            problem.Message);
        Assert.DoesNotContain("Exception", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StrayQuoteInHeader_NamesHeader()
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("subject,school\"_id,school_name\nok,s-1,Maple\n"));

        var (_, problems) = RosterCsvReader.Read(csv);

        var problem = Assert.Single(problems);
        Assert.Equal((1, "header"), (problem.Line, problem.Field));
        Assert.StartsWith("The header value 'school\"_id' has a double quote", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_QuotedValues_Accepted()
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("subject,school_id,school_name\nok,s-1,\"Maple, \"\"North\"\"\"\n"));

        var (rows, problems) = RosterCsvReader.Read(csv);

        Assert.Empty(problems);
        Assert.Equal("Maple, \"North\"", Assert.Single(rows).SchoolName);
    }
}
