using System.Text.Json;
using LtiPd.LtiTool.Messages;

namespace LtiPd.Benchmarks.Platform;

/// <summary>
/// Builds the payload of a resource link launch with the claims Canvas sends for a teacher in a
/// course: identity, roles, context, platform, launch presentation, custom, LIS, AGS and NRPS
/// endpoints and Canvas's own extensions. The serialized payload is about 3 KB, as Canvas's is.
/// </summary>
public sealed class CanvasLaunchClaims
{
    /// <summary>The platform's issuer.</summary>
    public required string Issuer { get; init; }

    /// <summary>The tool's client id at the platform (the audience).</summary>
    public required string ClientId { get; init; }

    /// <summary>The deployment the launch comes through.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The tool URL the platform launches.</summary>
    public required string TargetLinkUri { get; init; }

    /// <summary>Serializes the payload for one launch.</summary>
    /// <param name="nonce">The nonce from the tool's authorization request.</param>
    /// <param name="userNumber">Picks the user; equal numbers are the same person.</param>
    /// <param name="courseNumber">Picks the course and its resource link.</param>
    /// <param name="now">The issue time.</param>
    public byte[] Serialize(string nonce, int userNumber, int courseNumber, DateTimeOffset now)
    {
        var issuedAt = now.ToUnixTimeSeconds();
        var subject = $"{userNumber:D8}-5c1d-4b6e-9a3f-7e2d41c0b8a9";
        var courseId = $"4dde05e8ca1973bcca9bffc13e1548820eee93a{courseNumber:D3}";
        var apiBase = $"https://canvas.district.example.org/api/lti/courses/{courseNumber}";

        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = ClientId,
            ["azp"] = ClientId,
            ["sub"] = subject,
            ["iat"] = issuedAt,
            ["exp"] = issuedAt + 3600,
            ["nonce"] = nonce,
            ["name"] = $"Teacher {userNumber}",
            ["given_name"] = "Teacher",
            ["family_name"] = $"Number {userNumber}",
            ["email"] = $"teacher{userNumber}@district.example.org",
            ["locale"] = "en",
            ["picture"] = "https://canvas.instructure.com/images/messages/avatar-50.png",
            [LtiClaimNames.MessageType] = LtiMessageTypes.ResourceLinkRequest,
            [LtiClaimNames.Version] = "1.3.0",
            [LtiClaimNames.DeploymentId] = DeploymentId,
            [LtiClaimNames.TargetLinkUri] = TargetLinkUri,
            [LtiClaimNames.ResourceLink] = new Dictionary<string, object?>
            {
                ["id"] = $"6a8aaca162bfc4393804afd4cd53cd94413c4{courseNumber:D3}",
                ["title"] = "Module 3: Formative assessment in practice",
                ["description"] = null,
                ["validation_context"] = null,
                ["errors"] = new { errors = new { } },
            },
            [LtiClaimNames.Roles] = new[]
            {
                "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
                "http://purl.imsglobal.org/vocab/lis/v2/system/person#User",
            },
            [LtiClaimNames.Context] = new Dictionary<string, object>
            {
                ["id"] = courseId,
                ["label"] = $"PD-{courseNumber}",
                ["title"] = $"Professional Development Cohort {courseNumber}",
                ["type"] = new[] { "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering" },
                ["validation_context"] = null!,
                ["errors"] = new { errors = new { } },
            },
            [LtiClaimNames.ToolPlatform] = new Dictionary<string, object?>
            {
                ["guid"] = "ZHMjw8KNxCG5kLX7mGcGQgRR1oAA0w9yZk2AWDyi:canvas-lms",
                ["name"] = "District Canvas",
                ["version"] = "cloud",
                ["product_family_code"] = "canvas",
                ["validation_context"] = null,
                ["errors"] = new { errors = new { } },
            },
            [LtiClaimNames.LaunchPresentation] = new Dictionary<string, object>
            {
                ["document_target"] = "iframe",
                ["return_url"] = $"https://canvas.district.example.org/courses/{courseNumber}/external_content/success/external_tool_redirect",
                ["locale"] = "en",
                ["height"] = 400,
                ["width"] = 800,
            },
            [LtiClaimNames.Custom] = new Dictionary<string, string>
            {
                ["canvas_course_id"] = courseNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["canvas_user_id"] = userNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["canvas_user_login_id"] = $"teacher{userNumber}",
                ["pd_module"] = "formative-assessment",
            },
            [LtiClaimNames.Lis] = new Dictionary<string, object?>
            {
                ["person_sourcedid"] = $"SIS-T{userNumber:D6}",
                ["course_offering_sourcedid"] = $"SIS-PD-{courseNumber:D4}",
                ["validation_context"] = null,
                ["errors"] = new { errors = new { } },
            },
            [LtiClaimNames.AssignmentGradeServices] = new Dictionary<string, object?>
            {
                ["scope"] = new[]
                {
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                },
                ["lineitems"] = apiBase + "/line_items",
                ["lineitem"] = apiBase + "/line_items/88",
                ["validation_context"] = null,
                ["errors"] = new { errors = new { } },
            },
            [LtiClaimNames.NamesRoleService] = new Dictionary<string, object?>
            {
                ["context_memberships_url"] = apiBase + "/names_and_roles",
                ["service_versions"] = new[] { "2.0" },
                ["validation_context"] = null,
                ["errors"] = new { errors = new { } },
            },
            ["https://purl.imsglobal.org/spec/lti/claim/lti11_legacy_user_id"] = "a62c52c02ba262003f5e7d1bab2d2d3f6ab2d5ba",
            ["https://purl.imsglobal.org/spec/lti/claim/lti1p1"] = new Dictionary<string, object?>
            {
                ["user_id"] = "a62c52c02ba262003f5e7d1bab2d2d3f6ab2d5ba",
                ["validation_context"] = null,
                ["errors"] = new { errors = new { } },
            },
            ["https://www.instructure.com/placement"] = "assignment_selection",
            ["errors"] = new { errors = new { } },
        };
        return JsonSerializer.SerializeToUtf8Bytes(claims);
    }
}
