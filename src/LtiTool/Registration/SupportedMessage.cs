namespace LtiPd.LtiTool.Registration;

/// <summary>A message type a platform supports, with the placements it offers for it.</summary>
/// <param name="Type">The message type, such as <c>LtiDeepLinkingRequest</c>.</param>
/// <param name="Placements">The placements, such as <c>assignment_selection</c>; empty when the platform names none.</param>
public sealed record SupportedMessage(string Type, IReadOnlyList<string> Placements);
