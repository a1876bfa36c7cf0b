namespace LtiPd.LtiTool.Platforms;

/// <summary>A deployment of the tool under a registration, and whether launches from it are admitted.</summary>
/// <param name="RegistrationId">The registration the deployment belongs to.</param>
/// <param name="DeploymentId">The platform's <c>deployment_id</c>.</param>
/// <param name="Status">Whether a district admin has approved it.</param>
/// <param name="FirstSeenAt">When it was registered or first launched from.</param>
public sealed record PlatformDeployment(
    string RegistrationId,
    string DeploymentId,
    DeploymentStatus Status,
    DateTimeOffset FirstSeenAt);
