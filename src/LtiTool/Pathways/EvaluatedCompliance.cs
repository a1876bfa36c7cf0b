namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// The status rows of one pathway evaluated in memory, for a read that found the stored rows not
/// current. Filters, states and orders them as <see cref="ComplianceReader"/>'s SQL does with the
/// stored rows, so both paths give the same tables, lists and CSV.
/// </summary>
internal sealed class EvaluatedCompliance
{
    private readonly IReadOnlyList<ComplianceStatusRow> _rows;
    private readonly long _nowMs;

    public EvaluatedCompliance(IReadOnlyList<ComplianceStatusRow> rows, DateTimeOffset now)
    {
        _rows = rows;
        _nowMs = now.ToUnixTimeMilliseconds();
    }

    /// <summary>
    /// Yields the rows of the items <paramref name="item"/> accepts that match the filter, each
    /// with its state, in the people list's order (name, subject, registration, item position).
    /// </summary>
    public IEnumerable<(ComplianceStatusRow Row, ProgressState State)> Matching(ComplianceFilter filter, Func<string, bool> item) =>
        _rows.Where(row => item(row.Item) && Matches(row, filter) && (filter.Course is not { } course || Courses(row).Contains(CourseValue(course))))
            .OrderBy(row => row.SortKey, StringComparer.Ordinal)
            .ThenBy(row => row.Subject, StringComparer.Ordinal)
            .ThenBy(row => row.RegistrationId, StringComparer.Ordinal)
            .ThenBy(row => row.ItemPosition)
            .Select(row => (row, State(row)));

    /// <summary>Yields one (course, state) pair per course of each matching row of <paramref name="item"/>, as <c>pd_compliance_status_courses</c> stores them.</summary>
    public IEnumerable<(string Course, ProgressState State)> MatchingCourses(ComplianceFilter filter, string item) =>
        _rows.Where(row => row.Item == item && Matches(row, filter))
            .SelectMany(row => Courses(row).Select(course => (Course: course, Row: row)))
            .Where(entry => filter.Course is not { } course || entry.Course == CourseValue(course))
            .Select(entry => (entry.Course, State(entry.Row)));

    /// <summary>Returns the row as the reader's SELECT returns it.</summary>
    public static ComplianceEntry Entry(ComplianceStatusRow row, ProgressState state)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ComplianceEntry
        {
            Item = row.Item,
            RegistrationId = row.RegistrationId,
            Subject = row.Subject,
            Name = row.Name,
            Email = row.Email,
            SchoolId = row.SchoolId,
            ContextRefs = row.ContextRefs,
            State = state,
            DueOn = row.DueOn,
            DoneAtMs = row.DoneAtMs,
        };
    }

    // The reader's State expression: done, then overdue, then started, else not started.
    private ProgressState State(ComplianceStatusRow row) =>
        row.IsDone == 1 ? ProgressState.Done
        : row.OverdueAtMs <= _nowMs ? ProgressState.Overdue
        : row.Started == 1 ? ProgressState.InProgress
        : ProgressState.NotStarted;

    // The filters of the reader's Where besides the course; a NULL due day matches no date bound, as in SQL.
    private static bool Matches(ComplianceStatusRow row, ComplianceFilter filter)
    {
        if (filter.School == ComplianceFilter.None)
        {
            if (row.SchoolId is not null)
            {
                return false;
            }
        }
        else if (filter.School is { } school)
        {
            var separator = school.IndexOf(':', StringComparison.Ordinal);
            if (row.RegistrationId != school[..separator] || row.SchoolId != school[(separator + 1)..])
            {
                return false;
            }
        }

        if (filter.Role is { } role && row.Role != (int)role)
        {
            return false;
        }

        var dueOn = row.DueOn;
        return (filter.DueFrom is not { } from || (dueOn is not null && string.CompareOrdinal(dueOn, Day(from)) >= 0))
            && (filter.DueTo is not { } to || (dueOn is not null && string.CompareOrdinal(dueOn, Day(to)) <= 0));
    }

    // A person in no course has one course row with the empty course id.
    private static string[] Courses(ComplianceStatusRow row) => row.ContextRefs.Length == 0 ? [string.Empty] : row.ContextRefs.Split('\n');

    private static string CourseValue(string course) => course == ComplianceFilter.None ? string.Empty : course;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
