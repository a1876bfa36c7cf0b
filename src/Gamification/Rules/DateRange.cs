namespace LtiPd.Gamification.Rules;

/// <summary>An inclusive range of calendar days in the district's time zone.</summary>
/// <param name="Start">The first day.</param>
/// <param name="End">The last day, inclusive.</param>
public sealed record DateRange(DateOnly Start, DateOnly End)
{
    /// <summary>Whether <paramref name="day"/> falls inside the range.</summary>
    public bool Contains(DateOnly day) => day >= Start && day <= End;
}
