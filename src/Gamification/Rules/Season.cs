namespace LtiPd.Gamification.Rules;

/// <summary>A leaderboard season such as a semester or a school year, in district-local days.</summary>
public sealed record Season
{
    /// <summary>The season id, stable across rule versions, for example <c>2026-fall</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The name shown on leaderboards, for example "Fall semester 2026".</summary>
    public required string Name { get; init; }

    /// <summary>The first day of the season.</summary>
    public required DateOnly Start { get; init; }

    /// <summary>The last day of the season, inclusive.</summary>
    public required DateOnly End { get; init; }

    /// <summary>Whether the district-local day <paramref name="day"/> falls inside the season.</summary>
    public bool Contains(DateOnly day) => day >= Start && day <= End;
}
