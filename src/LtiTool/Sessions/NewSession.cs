using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Sessions;

/// <summary>What a successful launch stores in a new session.</summary>
public sealed record NewSession
{
    /// <summary>The registration the launch came from.</summary>
    public required string RegistrationId { get; init; }

    /// <summary>The deployment the launch came through.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>Our user id.</summary>
    public required string UserId { get; init; }

    /// <summary>Our context id, if any.</summary>
    public string? ContextId { get; init; }

    /// <summary>Our resource link id, if any.</summary>
    public string? ResourceLinkId { get; init; }

    /// <summary>The mapped PD role.</summary>
    public required PdRole Role { get; init; }

    /// <summary>The LTI role URIs as sent.</summary>
    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>The LTI message type.</summary>
    public required string MessageType { get; init; }

    /// <summary>Launch details later features need (service URLs, deep linking settings), as JSON.</summary>
    public required string LaunchJson { get; init; }

    /// <summary>How long the session lasts.</summary>
    public required TimeSpan Lifetime { get; init; }
}
