using System.Text.Json;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Tests;

public sealed class LtiRequestTests
{
    [Fact]
    public void Parse_WrongShapes_ReadAsAbsent()
    {
        var request = Parse("""
            {
              "sub": 42,
              "https://purl.imsglobal.org/spec/lti/claim/roles": "not-an-array-of-objects",
              "https://purl.imsglobal.org/spec/lti/claim/context": ["course"],
              "https://purl.imsglobal.org/spec/lti/claim/resource_link": { "title": "no id" },
              "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": { "lineitems": "$LineItems.url", "scope": "single" },
              "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": { "context_memberships_url": "ftp://x" },
              "https://purl.imsglobal.org/spec/lti/claim/custom": { "n": 5, "b": true, "o": { "x": 1 }, "empty": "" },
              "https://www.instructure.com/placement": null
            }
            """);

        Assert.Null(request.Subject);
        Assert.Null(request.Context);
        Assert.Null(request.ResourceLink);
        Assert.Null(request.AssignmentGradeServices!.LineItemsUrl);
        Assert.Equal(["single"], request.AssignmentGradeServices.Scopes);
        Assert.Null(request.NamesRoleService);
        Assert.Equal(new Dictionary<string, string> { ["n"] = "5", ["b"] = "true" }, request.Custom);
    }

    [Fact]
    public void Parse_EmptyRolesArray_PresentButEmpty()
    {
        var request = Parse("""{ "https://purl.imsglobal.org/spec/lti/claim/roles": [] }""");

        Assert.True(request.HasRolesClaim);
        Assert.Empty(request.Roles);
        Assert.Equal(PdRole.Learner, RoleMapper.Map(request.Roles));
    }

    [Fact]
    public void Parse_LocaleOnlyInLaunchPresentation_Used()
    {
        var request = Parse("""{ "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": { "locale": "es-MX" } }""");

        Assert.Equal("es-MX", request.Locale);
    }

    [Fact]
    public void Parse_MoodleLineItemQuery_Kept()
    {
        var request = Parse("""
            { "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "lineitem": "https://lms.district.example.org/mod/lti/services.php/42/lineitems/88/lineitem?type_id=7" } }
            """);

        Assert.Equal("https://lms.district.example.org/mod/lti/services.php/42/lineitems/88/lineitem?type_id=7", request.AssignmentGradeServices!.LineItemUrl);
    }

    [Theory]
    [InlineData("CourseOffering", "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering")]
    [InlineData("urn:lti:context-type:ims/lis/Group", "http://purl.imsglobal.org/vocab/lis/v2/course#Group")]
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/course#CourseTemplate", "http://purl.imsglobal.org/vocab/lis/v2/course#CourseTemplate")]
    [InlineData("urn:lti:context-type:ims/lis/Unknown", "urn:lti:context-type:ims/lis/Unknown")]
    [InlineData("District", "District")]
    public void ContextTypes_Normalize_BothSpellings(string value, string expected)
    {
        Assert.Equal(expected, ContextTypes.Normalize(value));
    }

    private static LtiRequest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return LtiRequest.Parse(document.RootElement);
    }
}
