namespace LtiPd.Gamification.Rules;

/// <summary>A level reached at <see cref="MinimumPoints"/> total points.</summary>
/// <param name="MinimumPoints">The lowest point total of the level.</param>
/// <param name="Name">The name the district gives the level.</param>
public sealed record LevelDefinition(int MinimumPoints, string Name);
