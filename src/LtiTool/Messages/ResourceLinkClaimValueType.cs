namespace LtiPd.LtiTool.Messages;

/// <summary>The resource link claim: the placement in the LMS that was launched.</summary>
/// <param name="Id">The platform's stable id of the link.</param>
/// <param name="Title">The link's title.</param>
/// <param name="Description">The link's description, as the platform sent it (may contain HTML).</param>
public sealed record ResourceLinkClaimValueType(string Id, string? Title, string? Description);
