using System.Globalization;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Schools;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Validates the compliance query parameters (<c>module</c>, <c>school</c>, <c>course</c>,
/// <c>role</c>, <c>from</c>, <c>to</c>, <c>page</c>) against the selected pathway and the
/// district's own schools and courses. Each bad value gets its own error naming it and the fix.
/// </summary>
internal static class ComplianceFilterParser
{
    public static (ComplianceFilter? Filter, IReadOnlyList<FilterError> Errors) Parse(
        IQueryCollection query, IReadOnlyList<string> requiredModuleIds, IReadOnlyList<SchoolRecord> schools, IReadOnlyList<CourseRecord> courses)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<FilterError>();
        var from = DashboardFilterParser.ParseDate(query, "from", errors);
        var to = DashboardFilterParser.ParseDate(query, "to", errors);
        if (from is { } start && to is { } end && start > end)
        {
            errors.Add(new FilterError("from", $"The start date {DashboardFilterParser.Format(start)} is after the end date {DashboardFilterParser.Format(end)}. Pick a start date on or before the end date."));
        }

        var module = DashboardFilterParser.Single(query, "module", errors);
        if (module is not null && !requiredModuleIds.Contains(module, StringComparer.Ordinal))
        {
            errors.Add(new FilterError("module", $"The module '{module}' is not a required module of this pathway. Pick one from the list, or the whole pathway."));
        }

        var school = DashboardFilterParser.Single(query, "school", errors);
        if (school is not null && school != ComplianceFilter.None && !schools.Any(record => PathwayForm.SchoolKey(record) == school))
        {
            errors.Add(new FilterError("school", $"The school '{school}' is not a school of your district. Pick one from the list, All, or No school."));
        }

        var course = DashboardFilterParser.Single(query, "course", errors);
        if (course is not null && course != ComplianceFilter.None && !courses.Any(record => record.Id == course))
        {
            errors.Add(new FilterError("course", $"The course '{course}' is not a course of your district. Pick one from the list, All, or No course."));
        }

        var role = DashboardFilterParser.ParseRole(query, errors);
        var page = ParsePage(query, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new ComplianceFilter { ModuleId = module, School = school, Course = course, Role = role, DueFrom = from, DueTo = to, Page = page }, errors);
    }

    private static int ParsePage(IQueryCollection query, List<FilterError> errors)
    {
        var text = DashboardFilterParser.Single(query, "page", errors);
        if (text is null)
        {
            return 1;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1)
        {
            return page;
        }

        errors.Add(new FilterError("page", $"The page '{text}' is not a page number. Use a whole number from 1."));
        return 1;
    }
}
