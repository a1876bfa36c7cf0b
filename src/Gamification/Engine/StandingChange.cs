namespace LtiPd.Gamification.Engine;

/// <summary>How a rule change would change, or changed, one teacher's standing.</summary>
/// <param name="UserId">The teacher's user id.</param>
/// <param name="PointsBefore">Counted points under the current rules.</param>
/// <param name="PointsAfter">Counted points under the new rules.</param>
/// <param name="LevelBefore">The level under the current rules.</param>
/// <param name="LevelAfter">The level under the new rules.</param>
/// <param name="BadgesGained">Badge ids earned only under the new rules.</param>
/// <param name="BadgesLost">Badge ids earned only under the current rules.</param>
public sealed record StandingChange(
    string UserId,
    int PointsBefore,
    int PointsAfter,
    int LevelBefore,
    int LevelAfter,
    IReadOnlyList<string> BadgesGained,
    IReadOnlyList<string> BadgesLost)
{
    /// <summary>The change in points.</summary>
    public int PointsDelta => PointsAfter - PointsBefore;
}
