namespace LtiPd.Gamification.Badges;

/// <summary>A badge award handed out as a credential.</summary>
/// <param name="CredentialId">The random credential id, the same for every download of the award.</param>
/// <param name="Award">The earned badge.</param>
/// <param name="IssuedAt">When the credential was first issued.</param>
/// <param name="Revocation">The revocation, or null while the credential is valid.</param>
/// <param name="StatusIndex">
/// The credential's position in the district's Bitstring Status List, or null for a credential
/// built outside the store, which then carries no <c>credentialStatus</c>.
/// </param>
public sealed record IssuedBadge(Guid CredentialId, BadgeAward Award, DateTimeOffset IssuedAt, BadgeRevocation? Revocation, int? StatusIndex = null);
