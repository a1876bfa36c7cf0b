using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>
/// Launches that real platforms send with odd but legal shapes. Each must be accepted and stored
/// with the value the tool is meant to read from it.
/// </summary>
public sealed class ToleranceTests(SharedLtiTool tool) : IClassFixture<SharedLtiTool>
{
    private const string CourseSection = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection";

    [Theory]
    [InlineData("Learner", new string[0])]
    [InlineData("Instructor", new[] { "Instructor" })]
    [InlineData("Learner", new[] { "Learner" })]
    [InlineData("Instructor", new[] { "urn:lti:role:ims/lis/Instructor" })]
    [InlineData("Instructor", new[] { "urn:lti:role:ims/lis/TeachingAssistant" })]
    [InlineData("Administrator", new[] { "urn:lti:instrole:ims/lis/Administrator" })]
    [InlineData("Administrator", new[] { "urn:lti:sysrole:ims/lis/SysAdmin" })]
    [InlineData("Learner", new[] { "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty" })]
    [InlineData("Instructor", new[] { "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant" })]
    public async Task Launch_RoleSpelling_MapsToPdRole(string expectedRole, string[] roles)
    {
        var session = await LaunchAcceptedAsync(token => token.With(LtiClaimNames.Roles, new JsonArray(roles.Select(role => (JsonNode)role).ToArray())));

        Assert.Equal(expectedRole, session.Role);
        Assert.Equal(string.Join(' ', roles), session.Roles);
    }

    [Theory]
    [InlineData("CourseSection")]
    [InlineData("urn:lti:context-type:ims/lis/CourseSection")]
    [InlineData(CourseSection)]
    public async Task Launch_ContextTypeSpelling_StoredAsFullUri(string contextType)
    {
        var session = await LaunchAcceptedAsync(token => token.With(LtiClaimNames.Context, new JsonObject
        {
            ["id"] = "course-types",
            ["title"] = "Routines",
            ["type"] = new JsonArray(contextType),
        }));

        Assert.Equal("course-types", session.ContextId);
        Assert.Equal(CourseSection, session.ContextTypes);
    }

    [Fact]
    public async Task Launch_UnresolvedSubstitutionVariables_ReadAsAbsent()
    {
        var session = await LaunchAcceptedAsync(token => token
            .With("name", "$Person.name.full")
            .With("email", "${Person.email.primary}")
            .With(LtiClaimNames.Lis, new JsonObject
            {
                ["person_sourcedid"] = "$Person.sourcedId",
                ["course_section_sourcedid"] = "$CourseSection.sourcedId",
            })
            .With(LtiClaimNames.Custom, new JsonObject { ["section"] = "$CourseSection.sourcedId", ["pd_module"] = "assess-02" }));

        Assert.Null(session.UserName);
        Assert.Null(session.Email);
        Assert.Null(session.PersonSourcedId);
        Assert.Equal("""{"pd_module":"assess-02"}""", session.CustomJson);
    }

    [Fact]
    public async Task Launch_MoodleCustomParametersTwice_FirstKept()
    {
        // Moodle sends each custom parameter as configured and again lower-cased.
        var session = await LaunchAcceptedAsync(token => token.With(LtiClaimNames.Custom, new JsonObject
        {
            ["PD_Module"] = "assess-02",
            ["pd_module"] = "assess-02",
            ["Cohort"] = "2026",
            ["cohort"] = "2026",
        }));

        var custom = JsonSerializer.Deserialize<Dictionary<string, string>>(session.CustomJson!)!;
        Assert.Equal(2, custom.Count);
        Assert.Equal("assess-02", custom["PD_Module"]);
        Assert.Equal("2026", custom["Cohort"]);
    }

    [Fact]
    public async Task Launch_UnknownAndNullClaims_Ignored()
    {
        var session = await LaunchAcceptedAsync(token => token
            .With("https://purl.imsglobal.org/spec/lti/claim/validation_context", new JsonObject { ["state"] = "x" })
            .With("errors", new JsonObject { ["errors"] = new JsonObject() })
            .With("https://www.instructure.com/placement", null)
            .With(LtiClaimNames.Custom, null)
            .With(LtiClaimNames.LaunchPresentation, "iframe"));

        Assert.Equal("Learner", session.Role);
        Assert.Equal("{}", session.CustomJson);
    }

    [Fact]
    public async Task Launch_OptionalClaimsMissing_SessionWithoutThem()
    {
        var session = await LaunchAcceptedAsync(token => token
            .Without("name")
            .Without("email")
            .Without(LtiClaimNames.Lis)
            .Without(LtiClaimNames.AssignmentGradeServices)
            .Without(LtiClaimNames.NamesRoleService)
            .Without(LtiClaimNames.Context)
            .Without(LtiClaimNames.LaunchPresentation));

        Assert.Null(session.UserName);
        Assert.Null(session.Email);
        Assert.Null(session.ContextId);
        Assert.Equal("link-1", session.ResourceLinkId);
        using var details = JsonDocument.Parse(session.LaunchJson);
        Assert.Equal(JsonValueKind.Null, details.RootElement.GetProperty("AssignmentGradeServices").ValueKind);
        Assert.Equal(JsonValueKind.Null, details.RootElement.GetProperty("NamesRoleService").ValueKind);
    }

    [Fact]
    public async Task Launch_OptionalClaimsMissing_LandingPageShowsDefaults()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        using var launch = await attempt.LaunchAsync(token => token.Without("name").Without(LtiClaimNames.Context).Without(LtiClaimNames.ResourceLink)
            .With(LtiClaimNames.MessageType, LtiMessageTypes.DeepLinkingRequest)
            .With(LtiClaimNames.Roles, new JsonArray("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"))
            .With(LtiClaimNames.DeepLinkingSettings, new JsonObject { ["deep_link_return_url"] = "https://lms.example.org/return" }));
        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);

        using var landing = await attempt.Browser.GetAsync("/app/deep-linking");
        var html = await landing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains("Hello, there.", html, StringComparison.Ordinal);
        Assert.Contains("<dd data-testid=\"course\">(no course)</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd data-testid=\"activity\">(none)</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_ExpiredWithinLeeway_Accepted()
    {
        var session = await LaunchAcceptedAsync(token => token
            .With("iat", DateTimeOffset.UtcNow.AddSeconds(-90).ToUnixTimeSeconds())
            .With("exp", DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeSeconds()));

        Assert.Equal("Learner", session.Role);
    }

    [Fact]
    public async Task Launch_SeveralAudiencesWithOurAzp_Accepted()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);

        using var launch = await attempt.LaunchAsync(token => token
            .With("aud", new JsonArray(platform.ClientId, "another-audience"))
            .With("azp", platform.ClientId)
            .With("iat", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 0.25));

        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
    }

    [Fact]
    public async Task Launch_SubmissionReview_LandsOnReviewPage()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);

        using var launch = await attempt.LaunchAsync(token => token
            .With(LtiClaimNames.MessageType, LtiMessageTypes.SubmissionReviewRequest)
            .With(LtiClaimNames.ForUser, new JsonObject { ["user_id"] = "learner-7" })
            .With(LtiClaimNames.Roles, new JsonArray("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor")));

        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        Assert.Equal("/app/review", launch.Headers.Location!.OriginalString);
        using var details = JsonDocument.Parse(Assert.Single(await tool.Host.Database.Database.SessionsAsync(platform.RegistrationId)).LaunchJson);
        Assert.Equal("learner-7", details.RootElement.GetProperty("ForUserSubject").GetString());
    }

    [Fact]
    public async Task Landing_MarkupInClaims_Encoded()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        using var launch = await attempt.LaunchAsync(token => token
            .With("name", "<script>alert('name')</script>")
            .With(LtiClaimNames.Context, new JsonObject { ["id"] = "c-xss", ["title"] = "<img src=x onerror=alert(1)>" })
            .With(LtiClaimNames.ResourceLink, new JsonObject { ["id"] = "l-xss", ["title"] = "Quest \"&\" <b>bold</b>" }));

        using var landing = await attempt.Browser.GetAsync("/app");
        var html = await landing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        // The page's one script, the award poll after <main>, is the tool's own and never
        // carries claim text; nothing from the claims may become markup anywhere.
        var main = html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.DoesNotContain("<script", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_SessionExpiredOrMissing_Unauthorized()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        using (var launch = await attempt.LaunchAsync())
        {
            Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        }

        using (var live = await attempt.Browser.GetAsync("/app"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await tool.Host.Database.Database.ExecuteAsync(
            "UPDATE lti_sessions SET expires_at_ms = @Past WHERE registration_id = @RegistrationId",
            new { Past = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds(), platform.RegistrationId });
        using var expired = await attempt.Browser.GetAsync("/app");
        using var stranger = tool.Host.NewBrowser();
        using var missing = await stranger.GetAsync("/app");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("Open LtiPd from your course in the LMS to sign in.", await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private async Task<SessionRow> LaunchAcceptedAsync(Action<IdTokenBuilder> change)
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        using var launch = await attempt.LaunchAsync(change);

        var reason = launch.Headers.TryGetValues("X-LtiPd-Reason", out var values) ? values.Single() : null;
        Assert.True(launch.StatusCode == HttpStatusCode.SeeOther, $"Launch answered {(int)launch.StatusCode} with reason {reason}.");
        return Assert.Single(await tool.Host.Database.Database.SessionsAsync(platform.RegistrationId));
    }
}
