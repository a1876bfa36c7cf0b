using System.Globalization;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Schools;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Reads the pathway editor's form into a <see cref="Pathway"/>, checking every field. Courses and
/// schools must be the district's own, so a forged form cannot assign another district's course.
/// </summary>
internal static class PathwayForm
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;

    /// <summary>Returns the pathway the form describes, which is valid only when the error list is empty.</summary>
    public static (Pathway Pathway, IReadOnlyList<string> Errors) Parse(
        IFormCollection form, Pathway identity, ModuleCatalog catalog, IReadOnlyList<CourseRecord> courses, IReadOnlyList<SchoolRecord> schools)
    {
        var errors = new List<string>();
        var title = form["title"].ToString().Trim();
        if (title.Length == 0 || title.Length > MaxTitleLength)
        {
            errors.Add($"Give the pathway a title of 1 to {MaxTitleLength} characters.");
        }

        var description = form["description"].ToString().Trim();
        if (description.Length > MaxDescriptionLength)
        {
            errors.Add($"The description has {description.Length} characters; shorten it to {MaxDescriptionLength}.");
        }

        var recurrence = form["recurrence"].ToString() == "annual" ? PathwayRecurrence.Annual : PathwayRecurrence.None;
        DateOnly? startsOn = null;
        if (recurrence == PathwayRecurrence.Annual)
        {
            startsOn = ParseDate(form["starts_on"].ToString(), "The start of the school year", errors, required: true);
        }

        var modules = ParseModules(form, catalog, errors);
        var electives = modules.Count(module => !module.IsRequired);
        var electivesText = form["electives_required"].ToString().Trim();
        var electivesRequired = 0;
        if (electivesText.Length > 0 && (!int.TryParse(electivesText, NumberStyles.None, CultureInfo.InvariantCulture, out electivesRequired) || electivesRequired > electives))
        {
            errors.Add($"Electives to complete is '{electivesText}', but the pathway has {electives} electives. Give a number from 0 to {electives}.");
        }

        var assignments = ParseAssignments(form, courses, schools, errors);
        return (identity with
        {
            Title = title,
            Description = description,
            Recurrence = recurrence,
            StartsOn = startsOn,
            ElectivesRequired = electivesRequired,
            Modules = modules,
            Assignments = assignments,
        }, errors);
    }

    private static List<PathwayModule> ParseModules(IFormCollection form, ModuleCatalog catalog, List<string> errors)
    {
        var included = form["include"].Select(value => value ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var unknown = included.Where(id => catalog.Find(id) is null).ToList();
        foreach (var id in unknown)
        {
            errors.Add($"Module '{id}' is not in the catalog. Reload the page and choose again.");
        }

        var modules = new List<(PathwayModule Module, int Order)>();
        var order = 0;
        foreach (var module in catalog.Modules.Where(module => included.Contains(module.Id)))
        {
            order++;
            var positionText = form[$"position_{module.Id}"].ToString().Trim();
            var position = order;
            if (positionText.Length > 0 && (!int.TryParse(positionText, NumberStyles.None, CultureInfo.InvariantCulture, out position) || position < 1 || position > 999))
            {
                errors.Add($"The position of '{module.Title}' is '{positionText}'. Give a whole number from 1 to 999.");
            }

            var required = form[$"required_{module.Id}"].ToString() == "on";
            var due = required ? ParseDate(form[$"due_{module.Id}"].ToString(), $"The due date of '{module.Title}'", errors, required: false) : null;
            modules.Add((new PathwayModule(module.Id, position, required, due), order));
        }

        if (modules.Count == 0 && unknown.Count == 0)
        {
            errors.Add("Choose at least one module for the pathway.");
        }

        // Positions may tie or skip. The stored order is 1..n, and ties keep catalog order.
        return modules.OrderBy(entry => entry.Module.Position).ThenBy(entry => entry.Order)
            .Select((entry, index) => entry.Module with { Position = index + 1 })
            .ToList();
    }

    private static List<PathwayAssignment> ParseAssignments(IFormCollection form, IReadOnlyList<CourseRecord> courses, IReadOnlyList<SchoolRecord> schools, List<string> errors)
    {
        var assignments = new List<PathwayAssignment>();
        if (form["assign_everyone"].ToString() == "on")
        {
            assignments.Add(new PathwayAssignment(AssignmentKind.Everyone, string.Empty, string.Empty));
        }

        foreach (var role in form["assign_role"].Select(value => value ?? string.Empty).Distinct(StringComparer.Ordinal))
        {
            if (Enum.TryParse<PdRole>(role, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(role, CultureInfo.InvariantCulture, out _))
            {
                assignments.Add(new PathwayAssignment(AssignmentKind.Role, string.Empty, parsed.ToString()));
            }
            else
            {
                errors.Add($"Role '{role}' is not known. Choose Learner, Instructor or Administrator.");
            }
        }

        var courseIds = courses.Select(course => course.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var course in form["assign_course"].Select(value => value ?? string.Empty).Distinct(StringComparer.Ordinal))
        {
            if (courseIds.Contains(course))
            {
                assignments.Add(new PathwayAssignment(AssignmentKind.Course, string.Empty, course));
            }
            else
            {
                errors.Add($"Course '{course}' is not a course of your district. Reload the page and choose again.");
            }
        }

        var schoolKeys = schools.Select(SchoolKey).ToHashSet(StringComparer.Ordinal);
        foreach (var key in form["assign_school"].Select(value => value ?? string.Empty).Distinct(StringComparer.Ordinal))
        {
            var separator = key.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0 && schoolKeys.Contains(key))
            {
                assignments.Add(new PathwayAssignment(AssignmentKind.School, key[..separator], key[(separator + 1)..]));
            }
            else
            {
                errors.Add($"School '{key}' is not a school of your district. Reload the page and choose again.");
            }
        }

        return assignments;
    }

    /// <summary>Returns the form value that names a school: the registration id and school id joined by a colon.</summary>
    public static string SchoolKey(SchoolRecord school) => $"{school.RegistrationId}:{school.SchoolId}";

    private static DateOnly? ParseDate(string text, string label, List<string> errors, bool required)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add($"{label} is missing. Give a date such as 2026-08-01.");
            }

            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add($"{label} is '{text}', which is not a date. Use the form 2026-08-01.");
        return null;
    }
}
