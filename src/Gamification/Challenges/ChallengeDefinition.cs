namespace LtiPd.Gamification.Challenges;

/// <summary>A time-boxed challenge: points stored from <see cref="StartsAt"/> (inclusive) to <see cref="EndsAt"/> (exclusive) count.</summary>
public sealed record ChallengeDefinition
{
    /// <summary>The challenge id, unique in the district.</summary>
    public required string Id { get; init; }

    /// <summary>The challenge name.</summary>
    public required string Name { get; init; }

    /// <summary>Individual or team.</summary>
    public required ChallengeMode Mode { get; init; }

    /// <summary>The first instant that counts.</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>The instant after the last one that counts. Ending a challenge early moves it to the moment it ended.</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>The school the challenge is for, or null for the whole district.</summary>
    public string? SchoolId { get; init; }

    /// <summary>
    /// The points a teacher (or a team, on average) must reach in the window to win, from 1 to
    /// <see cref="ChallengeService.MaxGoalPoints"/>. Null means the leaders win, every tied one.
    /// </summary>
    public int? GoalPoints { get; init; }

    /// <summary>The id of the challenge's own badge in the district's rules, or null when it has none.</summary>
    public string? BadgeId { get; init; }

    /// <summary>Who created the challenge, or null when it was created before this was recorded.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Who ended the challenge before its planned end, or null when it ran its course.</summary>
    public string? EndedEarlyBy { get; init; }

    /// <summary>When the winners were decided, or null while the challenge is not closed.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
}
