namespace LtiPd.Gamification.Challenges;

/// <summary>The badge a challenge's winners earn; the service adds it to the district's rules.</summary>
/// <param name="Name">The badge name, at most 200 characters.</param>
/// <param name="Description">What the badge stands for, at most 1,000 characters.</param>
/// <param name="ImageUrl">An absolute https URL of the badge image, or null for none.</param>
public sealed record ChallengeBadge(string Name, string Description, string? ImageUrl = null);
