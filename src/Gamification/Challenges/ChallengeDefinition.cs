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

    /// <summary>The instant after the last one that counts.</summary>
    public required DateTimeOffset EndsAt { get; init; }
}
