using System.Text;

namespace LtiPd.LtiTool.Messages;

/// <summary>
/// Claim values that recur in nearly every launch: message types, the LTI version, the LIS v2 role
/// URIs, the AGS scopes and the context types. The payload reader returns these string instances
/// when a sent value matches one byte for byte, so it neither transcodes nor allocates them again
/// per launch. Any other value is read as usual.
/// </summary>
internal sealed class KnownClaimValues
{
    private const string Membership = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
    private const string Institution = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
    private const string System = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";
    private const string AgsScope = "https://purl.imsglobal.org/spec/lti-ags/scope/";
    private const string Course = "http://purl.imsglobal.org/vocab/lis/v2/course#";

    private readonly (byte[] Utf8, string Value)[] _values;

    private KnownClaimValues(params string[] values)
    {
        _values = [.. values.Select(value => (Encoding.UTF8.GetBytes(value), value))];
    }

    /// <summary>The message types and the version of LTI 1.3.</summary>
    public static KnownClaimValues Message { get; } = new(
        LtiMessageTypes.ResourceLinkRequest, LtiMessageTypes.DeepLinkingRequest, LtiMessageTypes.SubmissionReviewRequest, "1.3.0");

    /// <summary>The LIS v2 context, institution and system roles in their full form.</summary>
    public static KnownClaimValues Roles { get; } = new(
        Membership + "Administrator", Membership + "ContentDeveloper", Membership + "Instructor", Membership + "Learner",
        Membership + "Mentor", Membership + "Manager", Membership + "Member", Membership + "Officer",
        "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
        Institution + "Administrator", Institution + "Faculty", Institution + "Guest", Institution + "Instructor",
        Institution + "Learner", Institution + "Member", Institution + "Mentor", Institution + "Staff",
        Institution + "Student", Institution + "Other",
        System + "Administrator", System + "SysAdmin", System + "User", System + "None");

    /// <summary>The AGS scopes of LTI Assignment and Grade Services 2.0.</summary>
    public static KnownClaimValues AgsScopes { get; } = new(
        AgsScope + "lineitem", AgsScope + "lineitem.readonly", AgsScope + "result.readonly", AgsScope + "score");

    /// <summary>The context types in their full form.</summary>
    public static KnownClaimValues ContextTypes { get; } = new(
        Course + "CourseTemplate", Course + "CourseOffering", Course + "CourseSection", Course + "Group");

    /// <summary>Returns the known string equal to the UTF-8 bytes <paramref name="utf8"/>, or null.</summary>
    public string? Find(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, value) in _values)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return value;
            }
        }

        return null;
    }
}
