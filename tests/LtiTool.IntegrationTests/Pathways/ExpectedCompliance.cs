using System.Globalization;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pathways;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// What the compliance page and CSV must show, worked out from the in-memory evaluation's rows
/// the way the page grouped them before it read the status table. Each filter applies to each
/// row: the item, the person's school, course and role, and the row's due day.
/// </summary>
internal sealed class ExpectedCompliance
{
    private static readonly ProgressState[] States = [ProgressState.Done, ProgressState.InProgress, ProgressState.NotStarted, ProgressState.Overdue];

    private readonly List<ComplianceRow> _rows;
    private readonly ComplianceData _data;
    private readonly FilterCase _filter;
    private readonly Pathway _pathway;
    private readonly string? _moduleTitle;

    public ExpectedCompliance(IReadOnlyList<ComplianceRow> rows, ComplianceData data, FilterCase filter, ModuleCatalog catalog, Pathway pathway)
    {
        _data = data;
        _filter = filter;
        _pathway = pathway;
        _moduleTitle = filter.ModuleId is null ? null : catalog.Find(filter.ModuleId)!.Title;
        _rows = rows.Where(Matches).ToList();
    }

    public enum Grouping
    {
        School,
        Course,
        Module,
    }

    /// <summary>Returns the table's rows as cell texts joined by spaces, as <see cref="PathwaysHost.TableRows"/> reads them.</summary>
    public List<string> Table(Grouping grouping)
    {
        var item = _rows.Where(row => row.ModuleTitle == _moduleTitle).ToList();
        var groups = grouping switch
        {
            Grouping.School => item
                .GroupBy(row => SchoolName(row.Person) ?? "(no school)", StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.OrdinalIgnoreCase)
                .Select(group => (group.Key, group.ToList()))
                .ToList(),
            Grouping.Course => item
                .SelectMany(row => (row.Person.ContextRefs.Count == 0 ? [string.Empty] : row.Person.ContextRefs).Where(CourseMatches).Select(course => (Course: CourseName(course), Row: row)))
                .GroupBy(entry => entry.Course, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.OrdinalIgnoreCase)
                .Select(group => (group.Key, group.Select(entry => entry.Row).ToList()))
                .ToList(),
            Grouping.Module => _rows
                .Where(row => row.ModuleTitle is not null && (_moduleTitle is null || row.ModuleTitle == _moduleTitle))
                .GroupBy(row => row.ModuleTitle!, StringComparer.Ordinal)
                .Select(group => (group.Key, group.ToList()))
                .ToList(),
        };
        if (groups.Count == 0)
        {
            var empty = _filter.School is null && _filter.Course is null && _filter.Role is null && _filter.From is null && _filter.To is null
                ? "No one is assigned this pathway yet."
                : "No one assigned this pathway matches these filters.";
            return [empty];
        }

        return groups.Select(group => $"{group.Key} {string.Join(' ', States.Select(state => group.Item2.Count(row => row.State == state)))} {group.Item2.Count}").ToList();
    }

    /// <summary>Returns the people list's rows: name, school, state, due day and completion day.</summary>
    public IEnumerable<string> People() =>
        _rows.Where(row => row.ModuleTitle == _moduleTitle)
            .Select(row => $"{row.Person.Name ?? row.Person.Subject} {SchoolName(row.Person)} {MyPathwayView.StateLabel(row.State)} {Day(row.DueOn)} {Day(row.CompletedAt)}");

    /// <summary>Returns the CSV lines after the header, as the export wrote them before.</summary>
    public List<string> CsvLines() =>
        _rows.Where(row => _moduleTitle is null || row.ModuleTitle == _moduleTitle)
            .Select(row => CsvCells.Line(
                _pathway.Id,
                _pathway.Title,
                row.ModuleTitle ?? "(whole pathway)",
                row.Person.Name,
                row.Person.Email,
                row.Person.Subject,
                row.Person.SchoolId,
                SchoolName(row.Person),
                string.Join("; ", row.Person.ContextRefs.Select(CourseName).Order(StringComparer.Ordinal)),
                MyPathwayView.StateLabel(row.State),
                Day(row.DueOn),
                Day(row.CompletedAt),
                null))
            .ToList();

    private bool Matches(ComplianceRow row)
    {
        var person = row.Person;
        var school = _filter.School switch
        {
            null => true,
            ComplianceFilter.None => person.SchoolId is null,
            var key => $"{person.RegistrationId}:{person.SchoolId}" == key && person.SchoolId is not null,
        };
        var course = _filter.Course switch
        {
            null => true,
            ComplianceFilter.None => person.ContextRefs.Count == 0,
            var id => person.ContextRefs.Contains(id),
        };
        var dueDay = row.DueOn;
        var due = (_filter.From is null || (dueDay is not null && dueDay >= _filter.From)) && (_filter.To is null || (dueDay is not null && dueDay <= _filter.To));
        return school && course && due && (_filter.Role is null || person.Role == _filter.Role);
    }

    // With a course filter, the table by course shows that course only.
    private bool CourseMatches(string course) => _filter.Course switch
    {
        null => true,
        ComplianceFilter.None => course.Length == 0,
        var id => course == id,
    };

    private string? SchoolName(CompliancePerson person) =>
        person.SchoolId is { } school ? _data.SchoolNames.GetValueOrDefault((person.RegistrationId, school), school) : null;

    private string CourseName(string course) => course.Length == 0 ? "(no course)" : _data.CourseNames.GetValueOrDefault(course, course);

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Day(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
