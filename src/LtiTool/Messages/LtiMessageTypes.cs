namespace LtiPd.LtiTool.Messages;

/// <summary>The LTI message types this tool accepts at <c>/lti/launch</c>.</summary>
public static class LtiMessageTypes
{
    /// <summary>A launch of a resource link (LTI 1.3 Core section 5.3).</summary>
    public const string ResourceLinkRequest = "LtiResourceLinkRequest";

    /// <summary>A request to pick content to place in the LMS (Deep Linking 2.0).</summary>
    public const string DeepLinkingRequest = "LtiDeepLinkingRequest";

    /// <summary>A request to review a learner's submission (Submission Review 1.0).</summary>
    public const string SubmissionReviewRequest = "LtiSubmissionReviewRequest";

    /// <summary>Whether this tool accepts <paramref name="messageType"/>.</summary>
    public static bool IsSupported(string? messageType) =>
        messageType is ResourceLinkRequest or DeepLinkingRequest or SubmissionReviewRequest;
}
