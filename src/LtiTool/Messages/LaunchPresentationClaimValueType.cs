namespace LtiPd.LtiTool.Messages;

/// <summary>The launch presentation claim: how the platform shows the tool.</summary>
/// <param name="DocumentTarget"><c>iframe</c>, <c>window</c> or <c>frame</c>.</param>
/// <param name="ReturnUrl">Where to send the user when the tool is done.</param>
/// <param name="Locale">The platform's locale for the user, such as <c>en-US</c>.</param>
public sealed record LaunchPresentationClaimValueType(string? DocumentTarget, string? ReturnUrl, string? Locale);
