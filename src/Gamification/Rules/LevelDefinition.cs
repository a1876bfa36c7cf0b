namespace LtiPd.Gamification.Rules;

/// <summary>A level reached at <see cref="MinimumPoints"/> total points.</summary>
/// <param name="MinimumPoints">The lowest point total of the level.</param>
/// <param name="Name">The name the district gives the level.</param>
/// <param name="ImageUrl">An https URL of the level's image, or null for none.</param>
public sealed record LevelDefinition(int MinimumPoints, string Name, string? ImageUrl = null);
