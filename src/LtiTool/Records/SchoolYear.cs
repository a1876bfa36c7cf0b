using System.Globalization;

namespace LtiPd.LtiTool.Records;

/// <summary>A school year, named by the calendar year it starts in.</summary>
/// <param name="StartYear">The calendar year of the school year's first day.</param>
public readonly record struct SchoolYear(int StartYear)
{
    /// <summary>The usual label, such as <c>2026-27</c>.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{StartYear}-{(StartYear + 1) % 100:00}");

    /// <summary>Returns the school year <paramref name="instant"/> falls in, by its UTC date.</summary>
    public static SchoolYear Of(DateTimeOffset instant, int startMonth)
    {
        var utc = instant.UtcDateTime;
        return new SchoolYear(utc.Month >= startMonth ? utc.Year : utc.Year - 1);
    }
}
