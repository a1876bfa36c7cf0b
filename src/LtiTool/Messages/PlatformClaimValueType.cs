namespace LtiPd.LtiTool.Messages;

/// <summary>The tool platform claim: which LMS instance sent the launch.</summary>
/// <param name="InstanceGuid">The platform instance's stable id.</param>
/// <param name="Name">The institution's name for the instance.</param>
/// <param name="ProductFamilyCode">The LMS product, such as <c>canvas</c> or <c>moodle</c>.</param>
/// <param name="Version">The LMS version.</param>
public sealed record PlatformClaimValueType(string? InstanceGuid, string? Name, string? ProductFamilyCode, string? Version);
