namespace LtiPd.LtiTool.Messages;

/// <summary>Claim names of LTI 1.3 Core (section 5) and the LTI Advantage services.</summary>
public static class LtiClaimNames
{
    private const string Lti = "https://purl.imsglobal.org/spec/lti/claim/";

    /// <summary>LTI message type, such as <c>LtiResourceLinkRequest</c>.</summary>
    public const string MessageType = Lti + "message_type";

    /// <summary>LTI version; 1.3 launches carry <c>1.3.0</c>.</summary>
    public const string Version = Lti + "version";

    /// <summary>The deployment of the tool the launch came through.</summary>
    public const string DeploymentId = Lti + "deployment_id";

    /// <summary>The URL the platform intends to launch.</summary>
    public const string TargetLinkUri = Lti + "target_link_uri";

    /// <summary>The resource link (placement) the launch came from.</summary>
    public const string ResourceLink = Lti + "resource_link";

    /// <summary>The user's roles as LIS role URIs.</summary>
    public const string Roles = Lti + "roles";

    /// <summary>The context (course) of the launch.</summary>
    public const string Context = Lti + "context";

    /// <summary>The platform instance that sent the launch.</summary>
    public const string ToolPlatform = Lti + "tool_platform";

    /// <summary>How the platform presents the tool (iframe, window) and where to return.</summary>
    public const string LaunchPresentation = Lti + "launch_presentation";

    /// <summary>Custom parameters, after the platform's variable substitution.</summary>
    public const string Custom = Lti + "custom";

    /// <summary>LIS identifiers (person and course sourcedids).</summary>
    public const string Lis = Lti + "lis";

    /// <summary>Users the launching user mentors.</summary>
    public const string RoleScopeMentor = Lti + "role_scope_mentor";

    /// <summary>Assignment and Grade Services endpoint claim.</summary>
    public const string AssignmentGradeServices = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";

    /// <summary>Names and Role Provisioning Services endpoint claim.</summary>
    public const string NamesRoleService = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";

    /// <summary>Deep Linking 2.0 settings claim.</summary>
    public const string DeepLinkingSettings = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";

    /// <summary>The submission being reviewed, in an <c>LtiSubmissionReviewRequest</c>.</summary>
    public const string ForUser = Lti + "for_user";
}
