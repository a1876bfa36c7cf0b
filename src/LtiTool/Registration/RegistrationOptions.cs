namespace LtiPd.LtiTool.Registration;

/// <summary>Settings of LTI Dynamic Registration and of the manual registration form (section <c>Registration</c>).</summary>
public sealed class RegistrationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Registration";

    /// <summary>The tool name the LMS shows. Default: <c>LtiPd</c>.</summary>
    public string ToolName { get; set; } = "LtiPd";

    /// <summary>
    /// The secret an admin types into the manual registration form at <c>/lti/register/manual</c>.
    /// At least 32 characters. Default: none, which turns the form off (404).
    /// </summary>
    public string? AdminSecret { get; set; }

    /// <summary>The longest platform response read, in bytes. Default: 262144 (256 KiB).</summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024;

    /// <summary>How long one call to the platform may take, in seconds. Default: 10.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How many requests to <c>/lti/register</c> and <c>/lti/register/manual</c> one client IP
    /// address may make per <see cref="RateLimitWindowSeconds"/>. At least 1. Default: 30. A
    /// registration takes two requests; the limit keeps a flood of posts from making the tool
    /// call platforms or try admin secrets without bound.
    /// </summary>
    public int RateLimitPermits { get; set; } = 30;

    /// <summary>The window of <see cref="RateLimitPermits"/>, in seconds. At least 1. Default: 60.</summary>
    public int RateLimitWindowSeconds { get; set; } = 60;
}
