namespace LtiPd.Gamification.Badges;

/// <summary>The revocation of a badge credential.</summary>
/// <param name="CredentialId">The revoked credential.</param>
/// <param name="RevokedAt">When it was revoked.</param>
/// <param name="Reason">Why, as published in the revocation list.</param>
public sealed record BadgeRevocation(Guid CredentialId, DateTimeOffset RevokedAt, string Reason);
