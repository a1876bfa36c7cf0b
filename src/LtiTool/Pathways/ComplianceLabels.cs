using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Schools;

namespace LtiPd.LtiTool.Pathways;

/// <summary>The names compliance shows for the ids it stores: schools, courses and modules.</summary>
internal sealed class ComplianceLabels
{
    private readonly Dictionary<(string RegistrationId, string SchoolId), string> _schools;
    private readonly Dictionary<string, string> _courses;
    private readonly ModuleCatalog _catalog;

    public ComplianceLabels(IEnumerable<SchoolRecord> schools, IEnumerable<CourseRecord> courses, ModuleCatalog catalog)
    {
        _schools = schools.ToDictionary(school => (school.RegistrationId, school.SchoolId), school => school.Name);
        _courses = courses.ToDictionary(course => course.Id, course => course.DisplayName, StringComparer.Ordinal);
        _catalog = catalog;
    }

    /// <summary>Returns the school's name, its id when it has no name, or null for no school.</summary>
    public string? SchoolName(string registrationId, string? schoolId) =>
        schoolId is null ? null : _schools.GetValueOrDefault((registrationId, schoolId), schoolId);

    public string School(string registrationId, string? schoolId) => SchoolName(registrationId, schoolId) ?? "(no school)";

    /// <summary>Returns the course's name, its id when it is not a course of the district, or "(no course)" for the empty id.</summary>
    public string Course(string contextRef) => contextRef.Length == 0 ? "(no course)" : _courses.GetValueOrDefault(contextRef, contextRef);

    /// <summary>Returns the names of the courses in <paramref name="contextRefs"/> (ids joined by line feeds), sorted and joined by "; ".</summary>
    public string Courses(string contextRefs) =>
        contextRefs.Length == 0 ? string.Empty : string.Join("; ", contextRefs.Split('\n').Select(Course).Order(StringComparer.Ordinal));

    /// <summary>Returns the module's title, or "(whole pathway)" for the empty item.</summary>
    public string Item(string item) => item.Length == 0 ? "(whole pathway)" : _catalog.Find(item)?.Title ?? item;
}
