namespace LtiPd.LtiTool.Launch;

/// <summary>Our ids of the rows a launch created or updated.</summary>
/// <param name="UserId">The user row.</param>
/// <param name="ContextId">The context row, when the launch had a context.</param>
/// <param name="ResourceLinkId">The resource link row, when the launch had one.</param>
public sealed record RecordedLaunch(string UserId, string? ContextId, string? ResourceLinkId);
