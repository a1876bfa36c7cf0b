using System.Globalization;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Analytics.Queries;

/// <summary>
/// Validates the dashboard's query parameters (<c>from</c>, <c>to</c>, <c>school</c>,
/// <c>course</c>, <c>module</c>, <c>role</c>) against the district's own schools, courses and
/// modules. Each bad value gets its own error naming it and the fix.
/// </summary>
internal static class DashboardFilterParser
{
    /// <summary>Days shown when the request names no start day: twelve weeks up to the end day.</summary>
    public const int DefaultRangeDays = 84;

    private const string DateFormat = "yyyy-MM-dd";

    public static (DashboardFilter? Filter, IReadOnlyList<FilterError> Errors) Parse(
        IQueryCollection query, DateOnly today, int maxRangeDays, DashboardChoices choices)
    {
        var errors = new List<FilterError>();
        var to = ParseDate(query, "to", errors) ?? today;
        var from = ParseDate(query, "from", errors) ?? to.AddDays(1 - DefaultRangeDays);
        if (errors.Count == 0 && from > to)
        {
            errors.Add(new FilterError("from", $"The start date {Format(from)} is after the end date {Format(to)}. Pick a start date on or before the end date."));
        }
        else if (errors.Count == 0 && to.DayNumber - from.DayNumber + 1 > maxRangeDays)
        {
            errors.Add(new FilterError("from", $"The range {Format(from)} to {Format(to)} is longer than {maxRangeDays} days. Pick a shorter range."));
        }

        var school = ParseChoice(query, "school", choices.Schools, "school of your district", errors);
        var course = ParseChoice(query, "course", choices.Courses, "course of your district", errors);
        var module = ParseChoice(query, "module", choices.Modules, "module of the catalog", errors);
        var role = ParseRole(query, errors);
        return errors.Count == 0 ? (new DashboardFilter(from, to, school, course, module, role), errors) : (null, errors);
    }

    internal static DateOnly? ParseDate(IQueryCollection query, string name, List<FilterError> errors)
    {
        var text = Single(query, name, errors);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new FilterError(name, $"The {name} date '{text}' is not a date. Use the form YYYY-MM-DD, such as 2026-09-01."));
        return null;
    }

    private static string? ParseChoice(IQueryCollection query, string name, IReadOnlyDictionary<string, string> choices, string what, List<FilterError> errors)
    {
        var text = Single(query, name, errors);
        if (text is null || choices.ContainsKey(text))
        {
            return text;
        }

        errors.Add(new FilterError(name, $"The {name} '{text}' is not a {what}. Pick one from the list, or All."));
        return null;
    }

    internal static PdRole? ParseRole(IQueryCollection query, List<FilterError> errors)
    {
        var text = Single(query, "role", errors);
        if (text is null)
        {
            return null;
        }

        if (Enum.TryParse<PdRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
        {
            return role;
        }

        errors.Add(new FilterError("role", $"The role '{text}' is not a role. Use Learner, Instructor or Administrator, or leave it empty for all roles."));
        return null;
    }

    // An empty value means "all", so the form's All option sends an empty string.
    internal static string? Single(IQueryCollection query, string name, List<FilterError> errors)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            errors.Add(new FilterError(name, $"The parameter '{name}' is given {values.Count} times. Give it once."));
            return null;
        }

        var text = values.Count == 1 ? values[0]?.Trim() : null;
        return string.IsNullOrEmpty(text) ? null : text;
    }

    internal static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);
}
