using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Reads compliance from the status table that <see cref="ComplianceStatusStore"/> keeps: counts
/// per state with GROUP BY, one page of people, or every row for the CSV through a forward-only
/// reader. The state of each row is worked out with the request's clock, because a row stores
/// when its item becomes overdue rather than whether it is.
/// </summary>
internal sealed class ComplianceReader
{
    /// <summary>People per page of the people list.</summary>
    public const int PageSize = 50;

    // ProgressState: NotStarted 0, InProgress 1, Done 2, Overdue 3, in PathwayEvaluator's order of tests.
    private const string State = "CASE WHEN s.is_done = 1 THEN 2 WHEN s.overdue_at_ms <= @NowMs THEN 3 WHEN s.started = 1 THEN 1 ELSE 0 END";

    private const string EntryColumns =
        "s.item AS Item, s.registration_id AS RegistrationId, s.subject AS Subject, s.name AS Name, s.email AS Email, s.school_id AS SchoolId, " +
        "s.context_refs AS ContextRefs, " + State + " AS State, s.due_on AS DueOn, s.done_at_ms AS DoneAtMs";

    // Whether the person is marked in pd_compliance_dirty, read only while marked people wait for the worker.
    private const string PendingColumn =
        ", CASE WHEN EXISTS (SELECT 1 FROM pd_compliance_dirty d WHERE d.registration_id = s.registration_id AND d.subject = s.subject) THEN 1 ELSE 0 END AS Pending";

    private readonly Database _database;
    private readonly ModuleCatalog _catalog;
    private readonly TimeProvider _timeProvider;

    public ComplianceReader(Database database, ModuleCatalog catalog, TimeProvider timeProvider)
    {
        _database = database;
        _catalog = catalog;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Counts the people per state of the filter's item, by school and by course, and of each
    /// required module, from the stored rows or from the rows <paramref name="read"/> evaluated.
    /// </summary>
    public async Task<ComplianceCounts> CountsAsync(
        Pathway pathway, ComplianceFilter filter, ComplianceLabels labels, ComplianceRead read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(read);
        var evaluated = read.Evaluated;
        var item = filter.ModuleId ?? ComplianceStatusRow.WholePathway;
        if (evaluated is not null)
        {
            var byModuleItem = filter.ModuleId is null ? (Func<string, bool>)(rowItem => rowItem.Length > 0) : rowItem => rowItem == item;
            return new ComplianceCounts(
                Group(evaluated.Matching(filter, rowItem => rowItem == item)
                    .CountBy(entry => (entry.Row.RegistrationId, entry.Row.SchoolId, entry.State))
                    .Select(count => (labels.School(count.Key.RegistrationId, count.Key.SchoolId), (int)count.Key.State, count.Value))),
                Group(evaluated.MatchingCourses(filter, item).CountBy(entry => entry).Select(count => (labels.Course(count.Key.Course), (int)count.Key.State, count.Value))),
                GroupModules(pathway, item, evaluated.Matching(filter, byModuleItem)
                    .CountBy(entry => (entry.Row.Item, entry.State))
                    .Select(count => new KeyCount { Label = count.Key.Item, State = (int)count.Key.State, People = count.Value })
                    .ToList(), labels));
        }

        await using var connection = await _database.OpenAsync(cancellationToken);

        var (schoolWhere, schoolParameters) = Where(pathway, filter, "s.item = @Item", courseTable: false);
        var bySchool = await connection.QueryAsync<SchoolCount>(Command(
            $"SELECT RegistrationId, SchoolId, State, COUNT(*) AS People FROM (SELECT s.registration_id AS RegistrationId, s.school_id AS SchoolId, {State} AS State " +
            $"FROM pd_compliance_status s WHERE {schoolWhere}) t GROUP BY RegistrationId, SchoolId, State", schoolParameters, cancellationToken));

        var (courseWhere, courseParameters) = Where(pathway, filter, "s.item = @Item", courseTable: true);
        var byCourse = await connection.QueryAsync<KeyCount>(Command(
            $"SELECT Label, State, COUNT(*) AS People FROM (SELECT s.context_ref AS Label, {State} AS State " +
            $"FROM pd_compliance_status_courses s WHERE {courseWhere}) t GROUP BY Label, State", courseParameters, cancellationToken));

        var (moduleWhere, moduleParameters) = Where(pathway, filter, filter.ModuleId is null ? "s.item <> ''" : "s.item = @Item", courseTable: false);
        var byModule = (await connection.QueryAsync<KeyCount>(Command(
            $"SELECT Label, State, COUNT(*) AS People FROM (SELECT s.item AS Label, {State} AS State " +
            $"FROM pd_compliance_status s WHERE {moduleWhere}) t GROUP BY Label, State", moduleParameters, cancellationToken))).AsList();

        // Labels can repeat (two schools of one name), so the counts are summed per label, as the
        // in-memory evaluation grouped them.
        return new ComplianceCounts(
            Group(bySchool.Select(row => (labels.School(row.RegistrationId, row.SchoolId), row.State, row.People))),
            Group(byCourse.Select(row => (labels.Course(row.Label), row.State, row.People))),
            GroupModules(pathway, item, byModule, labels));
    }

    /// <summary>Reads one page of the people on the filter's item, in name order, from the stored rows or the rows <paramref name="read"/> evaluated.</summary>
    public async Task<IReadOnlyList<ComplianceEntry>> PeopleAsync(Pathway pathway, ComplianceFilter filter, ComplianceRead read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(read);
        if (read.Evaluated is { } evaluated)
        {
            var item = filter.ModuleId ?? ComplianceStatusRow.WholePathway;
            return evaluated.Matching(filter, rowItem => rowItem == item).Skip((filter.Page - 1) * PageSize).Take(PageSize)
                .Select(entry => EvaluatedCompliance.Entry(entry.Row, entry.State)).ToList();
        }

        var (where, parameters) = Where(pathway, filter, "s.item = @Item", courseTable: false);
        parameters.Add("Skip", (filter.Page - 1) * PageSize);
        parameters.Add("Take", PageSize);
        var order = "ORDER BY s.sort_key, s.subject, s.registration_id";
        var page = _database.Provider == DatabaseProvider.SqlServer ? "OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY" : "LIMIT @Take OFFSET @Skip";
        await using var connection = await _database.OpenAsync(cancellationToken);
        var columns = read.PendingPeople > 0 ? EntryColumns + PendingColumn : EntryColumns;
        return (await connection.QueryAsync<ComplianceEntry>(Command($"SELECT {columns} FROM pd_compliance_status s WHERE {where} {order} {page}", parameters, cancellationToken))).AsList();
    }

    /// <summary>
    /// Yields every row matching <paramref name="filter"/> (every item, unless the filter names a
    /// module) in name order, each person's whole pathway first, as the driver reads them, or
    /// from the rows <paramref name="read"/> evaluated.
    /// </summary>
    public async IAsyncEnumerable<ComplianceEntry> ReadAllAsync(
        Pathway pathway, ComplianceFilter filter, ComplianceRead read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(read);
        if (read.Evaluated is { } evaluated)
        {
            foreach (var (row, state) in evaluated.Matching(filter, rowItem => filter.ModuleId is null || rowItem == filter.ModuleId))
            {
                yield return EvaluatedCompliance.Entry(row, state);
            }

            yield break;
        }

        var (where, parameters) = Where(pathway, filter, filter.ModuleId is null ? "1 = 1" : "s.item = @Item", courseTable: false);
        var columns = read.PendingPeople > 0 ? EntryColumns + PendingColumn : EntryColumns;
        var sql = $"SELECT {columns} FROM pd_compliance_status s WHERE {where} ORDER BY s.sort_key, s.subject, s.registration_id, s.item_position";
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(Command(sql, parameters, cancellationToken), CommandBehavior.SequentialAccess);
        var parser = reader.GetRowParser<ComplianceEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return parser(reader);
        }
    }

    /// <summary>
    /// Builds the WHERE clause of a read of one pathway. Only fixed fragments enter the text;
    /// every value is a parameter.
    /// </summary>
    private (string Where, DynamicParameters Parameters) Where(Pathway pathway, ComplianceFilter filter, string itemCondition, bool courseTable)
    {
        var parameters = new DynamicParameters();
        parameters.Add("PathwayId", pathway.Id);
        parameters.Add("Item", filter.ModuleId ?? ComplianceStatusRow.WholePathway);
        parameters.Add("NowMs", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var where = new StringBuilder("s.pathway_id = @PathwayId AND ").Append(itemCondition);
        if (filter.School == ComplianceFilter.None)
        {
            where.Append(" AND s.school_id IS NULL");
        }
        else if (filter.School is { } school)
        {
            var separator = school.IndexOf(':', StringComparison.Ordinal);
            where.Append(" AND s.registration_id = @SchoolRegistrationId AND s.school_id = @SchoolId");
            parameters.Add("SchoolRegistrationId", school[..separator]);
            parameters.Add("SchoolId", school[(separator + 1)..]);
        }

        if (filter.Course is { } course)
        {
            where.Append(courseTable
                ? " AND s.context_ref = @Course"
                : " AND EXISTS (SELECT 1 FROM pd_compliance_status_courses c WHERE c.pathway_id = s.pathway_id AND c.item = s.item AND c.context_ref = @Course " +
                  "AND c.registration_id = s.registration_id AND c.subject = s.subject)");
            parameters.Add("Course", course == ComplianceFilter.None ? string.Empty : course);
        }

        if (filter.Role is { } role)
        {
            where.Append(" AND s.role = @Role");
            parameters.Add("Role", (int)role);
        }

        // Due days are stored as yyyy-MM-dd text, which sorts as the dates do.
        if (filter.DueFrom is { } from)
        {
            where.Append(" AND s.due_on >= @DueFrom");
            parameters.Add("DueFrom", from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (filter.DueTo is { } to)
        {
            where.Append(" AND s.due_on <= @DueTo");
            parameters.Add("DueTo", to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        return (where.ToString(), parameters);
    }

    private CommandDefinition Command(string sql, DynamicParameters parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, commandTimeout: _database.CommandTimeoutSeconds, cancellationToken: cancellationToken);

    private static List<ComplianceGroup> Group(IEnumerable<(string Label, int State, int People)> counts)
    {
        var groups = new Dictionary<string, ComplianceGroup>(StringComparer.Ordinal);
        foreach (var (label, state, people) in counts)
        {
            if (!groups.TryGetValue(label, out var group))
            {
                groups[label] = group = new ComplianceGroup(label);
            }

            group.Add((ProgressState)state, people);
        }

        return groups.Values.OrderBy(group => group.Label, StringComparer.OrdinalIgnoreCase).ThenBy(group => group.Label, StringComparer.Ordinal).ToList();
    }

    // The module table follows the pathway's order, and modules with the same title share a row.
    private List<ComplianceGroup> GroupModules(Pathway pathway, string item, IReadOnlyList<KeyCount> counts, ComplianceLabels labels)
    {
        var groups = new List<ComplianceGroup>();
        foreach (var module in pathway.Modules.Where(module => module.IsRequired && _catalog.Find(module.ModuleId) is not null).OrderBy(module => module.Position))
        {
            var rows = counts.Where(row => row.Label == module.ModuleId).ToList();
            if (rows.Count == 0 || (item.Length > 0 && module.ModuleId != item))
            {
                continue;
            }

            var label = labels.Item(module.ModuleId);
            var group = groups.Find(existing => existing.Label == label);
            if (group is null)
            {
                groups.Add(group = new ComplianceGroup(label));
            }

            foreach (var row in rows)
            {
                group.Add((ProgressState)row.State, row.People);
            }
        }

        return groups;
    }

    // Classes with setters rather than positional records: Dapper converts the integer types,
    // which differ between the providers (COUNT(*) is 64-bit on PostgreSQL, CASE is 32-bit).
    private sealed class SchoolCount
    {
        public string RegistrationId { get; init; } = string.Empty;

        public string? SchoolId { get; init; }

        public int State { get; init; }

        public int People { get; init; }
    }

    private sealed class KeyCount
    {
        public string Label { get; init; } = string.Empty;

        public int State { get; init; }

        public int People { get; init; }
    }
}
