using LtiPd.LtiTool.Services;

namespace LtiPd.LtiTool.Tests.Services;

public sealed class ServiceUrlsTests
{
    [Theory]
    [InlineData("https://canvas.example.edu/api/lti/courses/42/line_items/7", "https://canvas.example.edu/api/lti/courses/42/line_items/7/scores")]
    [InlineData("https://moodle.example.org/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1", "https://moodle.example.org/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1")]
    [InlineData("https://lms.example/items/7/", "https://lms.example/items/7/scores")]
    [InlineData("https://lms.example/items/7?a=1&b=2#frag", "https://lms.example/items/7/scores?a=1&b=2#frag")]
    public void AppendPath_KeepsQuery(string lineItem, string expected)
    {
        Assert.Equal(expected, ServiceUrls.AppendPath(lineItem, "scores"));
    }

    [Fact]
    public void AddQuery_ExistingQuery_AppendsWithAmpersand()
    {
        var url = ServiceUrls.AddQuery("https://moodle.example.org/mod/lti/services.php/2/lineitems?type_id=1", [new("resource_id", "formative assessment"), new("tag", "ltipd"), new("rlid", null)]);

        Assert.Equal("https://moodle.example.org/mod/lti/services.php/2/lineitems?type_id=1&resource_id=formative%20assessment&tag=ltipd", url);
    }

    [Fact]
    public void AddQuery_NoValues_ReturnsUrlUnchanged()
    {
        Assert.Equal("https://lms.example/items", ServiceUrls.AddQuery("https://lms.example/items", [new("tag", null)]));
    }
}
