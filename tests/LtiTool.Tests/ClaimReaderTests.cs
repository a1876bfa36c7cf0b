using System.Text.Json;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Tests;

public sealed class ClaimReaderTests
{
    [Theory]
    [InlineData("$CourseSection.sourcedId")]
    [InlineData("$Person.name.full")]
    [InlineData("$Canvas.user.id")]
    [InlineData("${Person.email.primary}")]
    [InlineData("$ResourceLink.available.startDateTime")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Data_NotData_Null(string? value)
    {
        Assert.Null(ClaimReader.Data(value));
    }

    [Theory]
    [InlineData("T-004512")]
    [InlineData("$5.00")]
    [InlineData("$Single")]
    [InlineData("Costs $Person.name.full")]
    [InlineData("US$ 4.00")]
    [InlineData("jordan.rivera@district.example.org")]
    [InlineData("Module 2: $ and cents")]
    public void Data_RealValue_Kept(string value)
    {
        Assert.Equal(value, ClaimReader.Data(value));
    }

    [Theory]
    [InlineData("https://lms.example.org/path?type_id=7", "https://lms.example.org/path?type_id=7")]
    [InlineData("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x")]
    [InlineData("ftp://lms.example.org/file", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("/relative/path", null)]
    [InlineData("$LineItems.url", null)]
    public void Url_Value_AbsoluteHttpOnly(string value, string? expected)
    {
        Assert.Equal(expected, ClaimReader.Url(value));
    }

    [Fact]
    public void StringArray_Shapes_ReadTolerantly()
    {
        using var document = JsonDocument.Parse("""{"many":["a","",3,null,"b"],"one":"solo","empty":"","number":5,"object":{}}""");
        var root = document.RootElement;

        Assert.Equal(["a", "b"], ClaimReader.StringArray(root, "many"));
        Assert.Equal(["solo"], ClaimReader.StringArray(root, "one"));
        Assert.Empty(ClaimReader.StringArray(root, "empty"));
        Assert.Empty(ClaimReader.StringArray(root, "number"));
        Assert.Empty(ClaimReader.StringArray(root, "object"));
        Assert.Empty(ClaimReader.StringArray(root, "absent"));
    }

    [Fact]
    public void String_WrongShapes_Null()
    {
        using var document = JsonDocument.Parse("""{"text":"x","number":1,"nil":null,"array":["x"]}""");
        var root = document.RootElement;

        Assert.Equal("x", ClaimReader.String(root, "text"));
        Assert.Null(ClaimReader.String(root, "number"));
        Assert.Null(ClaimReader.String(root, "nil"));
        Assert.Null(ClaimReader.String(root, "array"));
        Assert.Null(ClaimReader.String(root.GetProperty("array"), "text"));
    }
}
