namespace LtiPd.Gamification.Participants;

/// <summary>A participant's school, as the host read it from a launch or a roster import.</summary>
/// <param name="HomePage">The account home page (the platform issuer) of the participant's xAPI actor.</param>
/// <param name="AccountName">The account name (the LTI subject) on <paramref name="HomePage"/>.</param>
/// <param name="SchoolId">The school id, as the school extension of the statements carries it.</param>
public sealed record ParticipantSchool(string HomePage, string AccountName, string SchoolId);
