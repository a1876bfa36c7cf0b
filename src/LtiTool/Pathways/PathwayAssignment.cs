namespace LtiPd.LtiTool.Pathways;

/// <summary>One rule that assigns a pathway to people.</summary>
/// <param name="Kind">What <paramref name="Value"/> names.</param>
/// <param name="RegistrationId">The registration of a school; empty for the other kinds.</param>
/// <param name="Value">A role name, a course id or a school id; empty for <see cref="AssignmentKind.Everyone"/>.</param>
public sealed record PathwayAssignment(AssignmentKind Kind, string RegistrationId, string Value);
