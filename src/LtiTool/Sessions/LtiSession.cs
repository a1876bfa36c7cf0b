using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Sessions;

/// <summary>The signed-in person of a request, as established by their last LTI launch.</summary>
public sealed record LtiSession
{
    /// <summary>The registration (district platform) the person launched from.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The deployment the launch came through.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>Our id of the user row.</summary>
    public required string UserId { get; init; }

    /// <summary>The user's LTI <c>sub</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The user's display name, when the platform shared it.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Our id of the context (course), if the launch had one.</summary>
    public string? ContextId { get; init; }

    /// <summary>The course title, when known.</summary>
    public string? ContextTitle { get; init; }

    /// <summary>Our id of the resource link, if the launch had one.</summary>
    public string? ResourceLinkId { get; init; }

    /// <summary>The resource link's title, when known.</summary>
    public string? ResourceLinkTitle { get; init; }

    /// <summary>The person's role in LtiPd.</summary>
    public required PdRole Role { get; init; }

    /// <summary>The LTI message type that started the session.</summary>
    public required string MessageType { get; init; }

    /// <summary>The token forms must echo to pass CSRF checks.</summary>
    public required string CsrfToken { get; init; }

    /// <summary>When the session ends.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
