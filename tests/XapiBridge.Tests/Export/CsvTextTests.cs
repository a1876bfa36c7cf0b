using LtiPd.XapiBridge.Export;

namespace LtiPd.XapiBridge.Tests.Export;

public sealed class CsvTextTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("=A1,B1", "\"'=A1,B1\"")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("-1e-3", "-1e-3")]
    [InlineData("+7", "+7")]
    public void Field_Value_Escaped(string? value, string expected)
    {
        Assert.Equal(expected, CsvText.Field(value));
    }
}
