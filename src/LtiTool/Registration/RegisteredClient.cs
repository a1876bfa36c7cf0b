namespace LtiPd.LtiTool.Registration;

/// <summary>What the platform returned for the tool's registration.</summary>
/// <param name="ClientId">The client id the platform assigned.</param>
/// <param name="DeploymentId">The deployment the platform created, when it created one.</param>
public sealed record RegisteredClient(string ClientId, string? DeploymentId);
