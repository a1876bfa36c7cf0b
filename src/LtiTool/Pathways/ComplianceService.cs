using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Computes who is done, in progress, not started or overdue on a district's pathways, from the
/// course rosters (Names and Roles) and from the people known from launches. Every query filters
/// on the district through the registrations it owns.
/// </summary>
internal sealed partial class ComplianceService
{
    private static readonly ScopedQuery SelectRoster = Scoped(
        "SELECT rm.registration_id AS RegistrationId, rm.subject AS Subject, rm.name AS Name, rm.email AS Email, rm.role AS Role, rm.context_ref AS ContextRef " +
        "FROM roster_members rm JOIN platform_registrations r ON r.id = rm.registration_id WHERE r.district_id = @DistrictId AND rm.status = 'Active' AND " +
        NotErased("rm"),
        "rm.subject", "Subjects");

    private static readonly ScopedQuery SelectUsers = Scoped(
        "SELECT u.registration_id AS RegistrationId, u.id AS UserRef, u.subject AS Subject, u.name AS Name, u.email AS Email, u.school_id AS SchoolId " +
        "FROM lti_users u JOIN platform_registrations r ON r.id = u.registration_id WHERE r.district_id = @DistrictId AND u.erased_at_ms IS NULL",
        "u.subject", "Subjects");

    private static readonly ScopedQuery SelectMemberships = Scoped(
        "SELECT m.user_ref AS UserRef, m.context_ref AS ContextRef, m.role AS Role FROM pd_launch_memberships m JOIN platform_registrations r ON r.id = m.registration_id WHERE r.district_id = @DistrictId",
        "m.user_ref", "UserRefs");

    private static readonly ScopedQuery SelectRosterSchools = Scoped(
        "SELECT s.registration_id AS RegistrationId, s.subject AS Subject, s.school_id AS SchoolId FROM pd_school_roster s JOIN platform_registrations r ON r.id = s.registration_id " +
        "WHERE r.district_id = @DistrictId AND " + NotErased("s"),
        "s.subject", "Subjects");

    private static readonly SqlText SelectSchools = SqlText.Portable(
        "SELECT s.registration_id AS RegistrationId, s.school_id AS SchoolId, s.name AS Name FROM lti_schools s JOIN platform_registrations r ON r.id = s.registration_id WHERE r.district_id = @DistrictId");

    private static readonly ScopedQuery SelectCompletions = Scoped(
        "SELECT c.user_ref AS UserRef, c.module_id AS ModuleId, c.completed_at_ms AS CompletedAtMs, c.cycle_start_ms AS CycleStartMs FROM catalog_module_completions c JOIN platform_registrations r ON r.id = c.registration_id " +
        "WHERE r.district_id = @DistrictId AND c.module_id IN @ModuleIds",
        "c.user_ref", "UserRefs");

    private static readonly ScopedQuery SelectStarted = Scoped(
        "SELECT DISTINCT p.user_ref AS UserRef, p.module_id AS ModuleId FROM catalog_progress p JOIN platform_registrations r ON r.id = p.registration_id " +
        "WHERE r.district_id = @DistrictId AND p.cycle_start_ms >= @CycleStartMs AND p.module_id IN @ModuleIds",
        "p.user_ref", "UserRefs");

    private readonly Database _database;
    private readonly PathwayStore _store;
    private readonly DistrictDirectory _districts;
    private readonly ModuleCatalog _catalog;
    private readonly TimeProvider _timeProvider;

    public ComplianceService(Database database, PathwayStore store, DistrictDirectory districts, ModuleCatalog catalog, TimeProvider timeProvider)
    {
        _database = database;
        _store = store;
        _districts = districts;
        _catalog = catalog;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Loads the people of the district and their progress in the modules of <paramref name="pathway"/>
    /// only, so the rows read grow with the district and not with the whole catalog.
    /// </summary>
    public async Task<ComplianceData> LoadAsync(string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await LoadAsync(connection, null, districtId, pathway, null, cancellationToken);
    }

    /// <summary>
    /// Loads as <see cref="LoadAsync(string, Pathway, CancellationToken)"/> does, on an open
    /// connection, for every person of the district or only for <paramref name="people"/>.
    /// </summary>
    public async Task<ComplianceData> LoadAsync(
        DbConnection connection, DbTransaction? transaction, string districtId, Pathway pathway, IReadOnlySet<CompliancePersonKey>? people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(pathway);
        var parameters = new ComplianceLoadParameters
        {
            DistrictId = districtId,
            ModuleIds = pathway.Modules.Select(module => module.ModuleId).Distinct(StringComparer.Ordinal).ToArray(),

            // Progress of an earlier cycle does not make a person "in progress" in this one.
            CycleStartMs = PathwayCycle.For(pathway, _timeProvider.GetUtcNow()).StartMs,
            Subjects = people?.Select(person => person.Subject).Distinct(StringComparer.Ordinal).ToArray() ?? [],
        };
        var persons = new Dictionary<CompliancePersonKey, CompliancePerson>();
        var byUserRef = new Dictionary<string, CompliancePerson>(StringComparer.Ordinal);
        CompliancePerson? PersonFor(string registrationId, string subject)
        {
            var key = new CompliancePersonKey(registrationId, subject);
            if (people is not null && !people.Contains(key))
            {
                // The subset query matches subjects only, so a subject of another registration is skipped here.
                return null;
            }

            if (!persons.TryGetValue(key, out var person))
            {
                person = new CompliancePerson { RegistrationId = registrationId, Subject = subject };
                persons[key] = person;
            }

            return person;
        }

        async Task<IEnumerable<T>> QueryAsync<T>(ScopedQuery query) =>
            await connection.QueryAsync<T>(_database.Command(people is null ? query.All : query.Subset, parameters, cancellationToken, transaction));

        foreach (var row in await QueryAsync<RosterRow>(SelectRoster))
        {
            if (PersonFor(row.RegistrationId, row.Subject) is { } person)
            {
                person.Name ??= row.Name;
                person.Email ??= row.Email;
                person.Role = Max(person.Role, row.Role);
                person.ContextRefs.Add(row.ContextRef);
            }
        }

        foreach (var row in await QueryAsync<RosterSchoolRow>(SelectRosterSchools))
        {
            if (PersonFor(row.RegistrationId, row.Subject) is { } person)
            {
                person.SchoolId = row.SchoolId;
            }
        }

        foreach (var row in await QueryAsync<UserRow>(SelectUsers))
        {
            if (PersonFor(row.RegistrationId, row.Subject) is { } person)
            {
                person.UserRef = row.UserRef;
                person.Name = row.Name ?? person.Name;
                person.Email = row.Email ?? person.Email;
                person.SchoolId = row.SchoolId ?? person.SchoolId;
                byUserRef[row.UserRef] = person;
            }
        }

        parameters.UserRefs = [.. byUserRef.Keys];
        foreach (var row in await QueryAsync<MembershipRow>(SelectMemberships))
        {
            if (byUserRef.TryGetValue(row.UserRef, out var person))
            {
                person.Role = Max(person.Role, row.Role);
                if (row.ContextRef.Length > 0)
                {
                    person.ContextRefs.Add(row.ContextRef);
                }
            }
        }

        var completions = new Dictionary<string, List<ModuleCompletionRecord>>(StringComparer.Ordinal);
        foreach (var row in await QueryAsync<CompletionRow>(SelectCompletions))
        {
            if (!completions.TryGetValue(row.UserRef, out var modules))
            {
                completions[row.UserRef] = modules = [];
            }

            modules.Add(new ModuleCompletionRecord(row.ModuleId, 0, DateTimeOffset.FromUnixTimeMilliseconds(row.CompletedAtMs), row.CycleStartMs));
        }

        var started = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in await QueryAsync<StartedRow>(SelectStarted))
        {
            if (!started.TryGetValue(row.UserRef, out var modules))
            {
                started[row.UserRef] = modules = new HashSet<string>(StringComparer.Ordinal);
            }

            modules.Add(row.ModuleId);
        }

        var schools = (await connection.QueryAsync<SchoolRow>(_database.Command(SelectSchools, parameters, cancellationToken, transaction)))
            .ToDictionary(row => (row.RegistrationId, row.SchoolId), row => row.Name);
        var courses = (await _districts.ListCoursesAsync(districtId, cancellationToken)).ToDictionary(course => course.Id, course => course.DisplayName, StringComparer.Ordinal);
        var pathwayCompletions = (await _store.ListCompletionsAsync(districtId, cancellationToken))
            .Where(record => record.PathwayId == pathway.Id)
            .ToDictionary(record => (record.PathwayId, record.UserRef, record.CycleStartMs), record => record.CompletedAtMs);

        return new ComplianceData
        {
            People = persons.Values.OrderBy(person => person.Name ?? person.Subject, StringComparer.OrdinalIgnoreCase).ThenBy(person => person.Subject, StringComparer.Ordinal).ToList(),
            Completions = completions,
            Started = started,
            PathwayCompletions = pathwayCompletions,
            SchoolNames = schools,
            CourseNames = courses,
        };
    }

    /// <summary>
    /// Evaluates <paramref name="pathway"/> for every person of <paramref name="data"/> it is
    /// assigned to, at the service's current time.
    /// </summary>
    public IEnumerable<CompliancePersonStatus> Evaluate(ComplianceData data, Pathway pathway)
    {
        ArgumentNullException.ThrowIfNull(data);
        var now = _timeProvider.GetUtcNow();
        var none = new List<ModuleCompletionRecord>();
        var nothingStarted = new HashSet<string>(StringComparer.Ordinal);

        // An archived pathway is reported for the people its rules still match.
        var assignable = pathway with { Archived = false };
        foreach (var person in data.People)
        {
            if (!person.AsPathwayPerson().IsAssigned(assignable))
            {
                continue;
            }

            var completions = person.UserRef is { } userRef && data.Completions.TryGetValue(userRef, out var done) ? done : none;
            var started = person.UserRef is { } startedRef && data.Started.TryGetValue(startedRef, out var begun) ? begun : nothingStarted;
            var status = PathwayEvaluator.Evaluate(pathway, _catalog, completions, started, nothingStarted, now);
            DateTimeOffset? recordedAt = person.UserRef is not null && data.PathwayCompletions.TryGetValue((pathway.Id, person.UserRef, status.Cycle.StartMs), out var recordedAtMs)
                ? DateTimeOffset.FromUnixTimeMilliseconds(recordedAtMs)
                : null;
            yield return new CompliancePersonStatus(person, status, started, recordedAt);
        }
    }

    /// <summary>
    /// Yields, for every person assigned <paramref name="pathway"/>, a row for the pathway and one
    /// per required module. This is the evaluation the status table is built from and checked against.
    /// </summary>
    public IEnumerable<ComplianceRow> Rows(ComplianceData data, Pathway pathway)
    {
        foreach (var evaluation in Evaluate(data, pathway))
        {
            var (person, status, _, _) = evaluation;
            var state = evaluation.IsDone ? ProgressState.Done : status.State;
            var lastDue = status.Modules.Where(module => module.DueOn is not null).Select(module => module.DueOn).Max();
            yield return new ComplianceRow(person, null, state, lastDue, evaluation.CompletedAt);

            foreach (var module in status.Modules.Where(module => module.Entry.IsRequired))
            {
                yield return new ComplianceRow(person, module.Module.Title, module.State, module.DueOn, module.CompletedAt);
            }
        }
    }

    // A person whose data a district admin deleted is left out until they launch again, even
    // while the course roster or the school roster still lists them.
    private static string NotErased(string alias) =>
        $"NOT EXISTS (SELECT 1 FROM lti_users e WHERE e.registration_id = {alias}.registration_id AND e.subject = {alias}.subject AND e.erased_at_ms IS NOT NULL)";

    private static ScopedQuery Scoped(string sql, string column, string parameter) =>
        new(Lists(sql), Lists($"{sql} AND {column} IN @{parameter}"));

    // Npgsql takes a list as one array parameter, so PostgreSQL reads "= ANY(@List)". On the other
    // providers Dapper expands "IN @List" into one parameter per item.
    private static SqlText Lists(string sql) =>
        SqlText.PerProvider(sql, ListParameter().Replace(sql, "= ANY(@$1)"), sql);

    [GeneratedRegex(@"IN @(\w+)")]
    private static partial Regex ListParameter();

    private static PdRole Max(PdRole current, string role) =>
        Enum.TryParse<PdRole>(role, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && parsed > current ? parsed : current;

    private sealed record RosterRow(string RegistrationId, string Subject, string? Name, string? Email, string Role, string ContextRef);

    private sealed record RosterSchoolRow(string RegistrationId, string Subject, string SchoolId);

    private sealed record UserRow(string RegistrationId, string UserRef, string Subject, string? Name, string? Email, string? SchoolId);

    private sealed record MembershipRow(string UserRef, string ContextRef, string Role);

    private sealed record CompletionRow(string UserRef, string ModuleId, long CompletedAtMs, long CycleStartMs);

    private sealed record StartedRow(string UserRef, string ModuleId);

    private sealed record SchoolRow(string RegistrationId, string SchoolId, string Name);

    private sealed record ScopedQuery(SqlText All, SqlText Subset);

    private sealed class ComplianceLoadParameters
    {
        public required string DistrictId { get; init; }

        public required string[] ModuleIds { get; init; }

        public required long CycleStartMs { get; init; }

        public required string[] Subjects { get; init; }

        public string[] UserRefs { get; set; } = [];
    }
}
