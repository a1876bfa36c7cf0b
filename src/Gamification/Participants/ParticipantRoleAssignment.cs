namespace LtiPd.Gamification.Participants;

/// <summary>A participant's role, as the host read it from a course roster.</summary>
/// <param name="HomePage">The account home page (the platform issuer) of the participant's xAPI actor.</param>
/// <param name="AccountName">The account name (the LTI subject) on <paramref name="HomePage"/>.</param>
/// <param name="Role">One of <see cref="ParticipantRole"/>.</param>
/// <param name="DisplayName">The name from the roster, kept only when the participant has none yet.</param>
public sealed record ParticipantRoleAssignment(string HomePage, string AccountName, string Role, string? DisplayName);
