namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// The period a completion counts for: from <see cref="Start"/> (inclusive) to <see cref="End"/>
/// (exclusive, null for a pathway that does not recur).
/// </summary>
/// <param name="Start">The cycle start; <see cref="DateTimeOffset.UnixEpoch"/> for a pathway that does not recur.</param>
/// <param name="End">When completions of this cycle expire, or null.</param>
/// <param name="YearsAfterFirst">How many years this cycle starts after the first one (0 for the first).</param>
public sealed record PathwayCycle(DateTimeOffset Start, DateTimeOffset? End, int YearsAfterFirst)
{
    /// <summary>The cycle start as stored in <c>pd_pathway_completions.cycle_start_ms</c>.</summary>
    public long StartMs => Start.ToUnixTimeMilliseconds();

    /// <summary>Returns the cycle of <paramref name="pathway"/> that contains <paramref name="now"/>, or the first when it has not started yet.</summary>
    public static PathwayCycle For(Pathway pathway, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        if (pathway.Recurrence == PathwayRecurrence.None || pathway.StartsOn is not { } first)
        {
            return new PathwayCycle(DateTimeOffset.UnixEpoch, null, 0);
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var years = Math.Max(0, today.Year - first.Year);
        if (years > 0 && first.AddYears(years) > today)
        {
            years--;
        }

        return new PathwayCycle(StartOfDay(first.AddYears(years)), StartOfDay(first.AddYears(years + 1)), years);
    }

    /// <summary>Returns the moment a module due on <paramref name="dueOn"/> in the first year becomes overdue in this cycle: the end of the due day (UTC).</summary>
    public DateTimeOffset? DueAt(DateOnly? dueOn) => dueOn is { } day ? StartOfDay(day.AddYears(YearsAfterFirst).AddDays(1)) : null;

    /// <summary>Returns the due day in this cycle.</summary>
    public DateOnly? DueOn(DateOnly? dueOn) => dueOn?.AddYears(YearsAfterFirst);

    private static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
