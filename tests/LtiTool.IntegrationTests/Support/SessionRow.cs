namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>A stored session joined with its user, course and resource link.</summary>
public sealed record SessionRow
{
    public required string RegistrationId { get; init; }

    public required string DeploymentId { get; init; }

    public required string Subject { get; init; }

    public string? UserName { get; init; }

    public string? Email { get; init; }

    public string? PersonSourcedId { get; init; }

    public required string Role { get; init; }

    public required string Roles { get; init; }

    public required string MessageType { get; init; }

    public string? ContextId { get; init; }

    public string? ContextTitle { get; init; }

    public string? ContextTypes { get; init; }

    public string? ResourceLinkId { get; init; }

    public string? ResourceLinkTitle { get; init; }

    public string? CustomJson { get; init; }

    public required string LaunchJson { get; init; }
}
