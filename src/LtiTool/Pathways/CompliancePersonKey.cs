namespace LtiPd.LtiTool.Pathways;

/// <summary>A person of a district as compliance keys them: the LTI subject within a registration.</summary>
/// <param name="RegistrationId">The platform registration.</param>
/// <param name="Subject">The LTI <c>sub</c> claim, as the roster and the user row store it.</param>
internal sealed record CompliancePersonKey(string RegistrationId, string Subject);
