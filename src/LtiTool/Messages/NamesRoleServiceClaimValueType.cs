namespace LtiPd.LtiTool.Messages;

/// <summary>The Names and Role Provisioning Services claim.</summary>
/// <param name="ContextMembershipsUrl">The membership container URL of the context.</param>
/// <param name="ServiceVersions">The service versions the platform supports.</param>
public sealed record NamesRoleServiceClaimValueType(string ContextMembershipsUrl, IReadOnlyList<string> ServiceVersions);
