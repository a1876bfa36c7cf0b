using LtiPd.LtiTool.Services;

namespace LtiPd.LtiTool.Tests.Services;

public sealed class LinkHeaderTests
{
    // Canvas joins its links with bare commas and puts the paging state in the query.
    private const string CanvasHeader =
        "<https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=1&per_page=50>; rel=\"current\"," +
        "<https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=2&per_page=50>; rel=\"next\"," +
        "<https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=1&per_page=50>; rel=\"first\"," +
        "<https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=3&per_page=50>; rel=\"last\"";

    // Moodle sends one link per header, with a space after the semicolon.
    private const string MoodleHeader =
        "<https://moodle.example.org/mod/lti/services.php/CourseSection/7/bindings/3/memberships?limit=100&from=100>; rel=\"next\"";

    // Schoology pages with an opaque start offset.
    private const string SchoologyHeader =
        "<https://lti-service.svc.schoology.com/lti-service/tool/3456/services/names-roles/v2p0/membership/9876?limit=100&start=100>; rel=\"next\"";

    [Fact]
    public void Find_CanvasCommasWithoutSpaces_ReturnsNext()
    {
        var next = LinkHeader.Find([CanvasHeader], "next");

        Assert.Equal("https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=2&per_page=50", next);
    }

    [Fact]
    public void Find_CanvasLastPage_HasNoNext()
    {
        const string LastPage =
            "<https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=3&per_page=50>; rel=\"current\"," +
            "<https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=1&per_page=50>; rel=\"first\"," +
            "<https://canvas.example.edu/api/lti/courses/42/names_and_roles?page=3&per_page=50>; rel=\"last\"";

        Assert.Null(LinkHeader.Find([LastPage], "next"));
    }

    [Fact]
    public void Find_MoodleAndSchoology_ReturnNext()
    {
        Assert.Equal("https://moodle.example.org/mod/lti/services.php/CourseSection/7/bindings/3/memberships?limit=100&from=100", LinkHeader.Find([MoodleHeader], "next"));
        Assert.Equal("https://lti-service.svc.schoology.com/lti-service/tool/3456/services/names-roles/v2p0/membership/9876?limit=100&start=100", LinkHeader.Find([SchoologyHeader], "next"));
    }

    [Fact]
    public void Find_SeveralHeaderValues_SearchesEach()
    {
        var next = LinkHeader.Find(["<https://lms.example/a?p=1>; rel=\"first\"", "<https://lms.example/a?p=2>; rel=\"next\""], "next");

        Assert.Equal("https://lms.example/a?p=2", next);
    }

    [Fact]
    public void Find_UrlCase_KeptVerbatim()
    {
        var next = LinkHeader.Find(["<https://LMS.example/Api/Items?Cursor=AbC%2FdE>; rel=next"], "next");

        Assert.Equal("https://LMS.example/Api/Items?Cursor=AbC%2FdE", next);
    }

    [Fact]
    public void Find_QuotedRelWithSeveralTypes_MatchesEach()
    {
        const string Header = "<https://lms.example/items?page=2>; rel=\"next last\", <https://lms.example/items?page=1>; rel=\"first prev\"";

        Assert.Equal("https://lms.example/items?page=2", LinkHeader.Find([Header], "next"));
        Assert.Equal("https://lms.example/items?page=2", LinkHeader.Find([Header], "last"));
        Assert.Equal("https://lms.example/items?page=1", LinkHeader.Find([Header], "prev"));
    }

    [Fact]
    public void Find_RelCaseAndOtherParameters_Ignored()
    {
        const string Header = "<https://lms.example/items?page=2>; title=\"Next, please; thanks\"; REL=\"Next\"";

        Assert.Equal("https://lms.example/items?page=2", LinkHeader.Find([Header], "next"));
    }

    [Fact]
    public void Find_CommaInsideUrl_NotSplit()
    {
        const string Header = "<https://lms.example/items?ids=1,2,3&page=2>; rel=\"next\",<https://lms.example/items?ids=1,2,3&page=1>; rel=\"first\"";

        Assert.Equal("https://lms.example/items?ids=1,2,3&page=2", LinkHeader.Find([Header], "next"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("<https://lms.example/items?page=2")]
    [InlineData("<https://lms.example/items?page=2>; rel=\"prev\"")]
    public void Find_NoNextLink_ReturnsNull(string header)
    {
        Assert.Null(LinkHeader.Find([header], "next"));
    }

    [Fact]
    public void Parse_Canvas_ReturnsFourLinksInOrder()
    {
        var links = LinkHeader.Parse(CanvasHeader);

        Assert.Equal(["current", "next", "first", "last"], links.Select(link => link.Relations.Single()));
    }
}
