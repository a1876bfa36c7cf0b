using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Schools;

namespace LtiPd.LtiTool.Pathways;

/// <summary>The pathways of the district, the selected one, and the values each compliance filter offers.</summary>
internal sealed class ComplianceChoices
{
    /// <summary>The role filter's values (PdRole names) and labels.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Roles =
    [
        KeyValuePair.Create(nameof(PdRole.Learner), "Learner"),
        KeyValuePair.Create(nameof(PdRole.Instructor), "PD leader"),
        KeyValuePair.Create(nameof(PdRole.Administrator), "District administrator"),
    ];

    public ComplianceChoices(IReadOnlyList<Pathway> pathways, Pathway selected, IReadOnlyList<SchoolRecord> schools, IReadOnlyList<CourseRecord> courses, ModuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(selected);
        Pathways = pathways;
        Selected = selected;
        SchoolRecords = schools;
        CourseRecords = courses;
        RequiredModuleIds = selected.Modules.Where(module => module.IsRequired && catalog.Find(module.ModuleId) is not null)
            .OrderBy(module => module.Position).Select(module => module.ModuleId).ToList();
        Modules = RequiredModuleIds.Select(id => KeyValuePair.Create(id, catalog.Find(id)!.Title)).ToList();
        Schools = [KeyValuePair.Create(ComplianceFilter.None, "No school"), .. schools.Select(school => KeyValuePair.Create(PathwayForm.SchoolKey(school), school.Name))];
        Courses = [KeyValuePair.Create(ComplianceFilter.None, "No course"), .. courses.Select(course => KeyValuePair.Create(course.Id, course.DisplayName))];
        Labels = new ComplianceLabels(schools, courses, catalog);
    }

    public IReadOnlyList<Pathway> Pathways { get; }

    public Pathway Selected { get; }

    public IReadOnlyList<SchoolRecord> SchoolRecords { get; }

    public IReadOnlyList<CourseRecord> CourseRecords { get; }

    /// <summary>The selected pathway's required modules found in the catalog, in pathway order.</summary>
    public IReadOnlyList<string> RequiredModuleIds { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Modules { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Schools { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Courses { get; }

    public ComplianceLabels Labels { get; }
}
