namespace LtiPd.Gamification.Engine;

/// <summary>A teacher's standing in a district.</summary>
/// <param name="UserId">The teacher's user id.</param>
/// <param name="Points">Counted points (held awards excluded, reversals subtracted).</param>
/// <param name="Level">The level those points give now.</param>
/// <param name="HighestLevel">The highest level ever reached; a reversal never lowers it.</param>
/// <param name="Badges">The badge ids earned, in ordinal order.</param>
public sealed record UserStanding(string UserId, int Points, int Level, int HighestLevel, IReadOnlyList<string> Badges);
