using System.Data.Common;
using System.Globalization;
using Dapper;
using LtiPd.LtiTool.Schools;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Stores pathways, teachers' elective choices and pathway completions. Every statement filters
/// on the district, so one district never reads or changes another's pathways.
/// </summary>
public sealed class PathwayStore
{
    private const string DateFormat = "yyyy-MM-dd";

    private static readonly SqlText SelectPathways = SqlText.Portable(
        "SELECT id AS Id, title AS Title, description AS Description, recurrence AS Recurrence, starts_on AS StartsOn, " +
        "electives_required AS ElectivesRequired, archived AS Archived FROM pd_pathways WHERE district_id = @DistrictId ORDER BY title, id");

    private static readonly SqlText SelectModules = SqlText.Portable(
        "SELECT pathway_id AS PathwayId, module_id AS ModuleId, position AS Position, is_required AS IsRequired, due_on AS DueOn " +
        "FROM pd_pathway_modules WHERE district_id = @DistrictId ORDER BY pathway_id, position");

    private static readonly SqlText SelectAssignments = SqlText.Portable(
        "SELECT pathway_id AS PathwayId, kind AS Kind, registration_id AS RegistrationId, value AS Value " +
        "FROM pd_pathway_assignments WHERE district_id = @DistrictId");

    private static readonly SqlText InsertPathway = SqlText.Portable(
        "INSERT INTO pd_pathways (id, district_id, title, description, recurrence, starts_on, electives_required, archived, created_at_ms, updated_at_ms) " +
        "VALUES (@Id, @DistrictId, @Title, @Description, @Recurrence, @StartsOn, @ElectivesRequired, 0, @Now, @Now)");

    private static readonly SqlText UpdatePathway = SqlText.Portable(
        "UPDATE pd_pathways SET title = @Title, description = @Description, recurrence = @Recurrence, starts_on = @StartsOn, " +
        "electives_required = @ElectivesRequired, updated_at_ms = @Now WHERE id = @Id AND district_id = @DistrictId");

    private static readonly SqlText ArchivePathway = SqlText.Portable(
        "UPDATE pd_pathways SET archived = 1, updated_at_ms = @Now WHERE id = @Id AND district_id = @DistrictId");

    private static readonly SqlText DeleteModules = SqlText.Portable(
        "DELETE FROM pd_pathway_modules WHERE pathway_id = @Id AND district_id = @DistrictId");

    private static readonly SqlText DeleteAssignments = SqlText.Portable(
        "DELETE FROM pd_pathway_assignments WHERE pathway_id = @Id AND district_id = @DistrictId");

    private static readonly SqlText InsertModule = SqlText.Portable(
        "INSERT INTO pd_pathway_modules (pathway_id, district_id, module_id, position, is_required, due_on) " +
        "VALUES (@PathwayId, @DistrictId, @ModuleId, @Position, @IsRequired, @DueOn)");

    private static readonly SqlText InsertAssignment = SqlText.Portable(
        "INSERT INTO pd_pathway_assignments (pathway_id, district_id, kind, registration_id, value) VALUES (@PathwayId, @DistrictId, @Kind, @RegistrationId, @Value)");

    private static readonly SqlText SelectChoices = SqlText.Portable(
        "SELECT pathway_id AS PathwayId, module_id AS ModuleId FROM pd_pathway_choices WHERE district_id = @DistrictId AND user_ref = @UserRef");

    private static readonly SqlText DeleteChoices = SqlText.Portable(
        "DELETE FROM pd_pathway_choices WHERE district_id = @DistrictId AND pathway_id = @PathwayId AND user_ref = @UserRef");

    private static readonly SqlText InsertChoice = SqlText.Portable(
        "INSERT INTO pd_pathway_choices (pathway_id, district_id, user_ref, module_id, chosen_at_ms) VALUES (@PathwayId, @DistrictId, @UserRef, @ModuleId, @Now)");

    private static readonly SqlText InsertCompletionIfAbsent = UpsertSql.Build(
        "pd_pathway_completions", ["pathway_id", "district_id", "user_ref", "cycle_start_ms", "completed_at_ms"], ["pathway_id", "user_ref", "cycle_start_ms"], []);

    private static readonly SqlText SelectDistrictCompletions = SqlText.Portable(
        "SELECT pathway_id AS PathwayId, user_ref AS UserRef, cycle_start_ms AS CycleStartMs, completed_at_ms AS CompletedAtMs " +
        "FROM pd_pathway_completions WHERE district_id = @DistrictId");

    private static readonly SqlText CountCompletion = SqlText.Portable(
        "SELECT COUNT(*) FROM pd_pathway_completions WHERE district_id = @DistrictId AND pathway_id = @PathwayId AND user_ref = @UserRef AND cycle_start_ms = @CycleStartMs");

    private readonly Database _database;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public PathwayStore(Database database)
    {
        _database = database;
    }

    /// <summary>Lists the district's pathways with their modules and assignments, archived ones only when asked.</summary>
    public async Task<IReadOnlyList<Pathway>> ListAsync(string districtId, bool includeArchived, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(districtId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var parameters = new { DistrictId = districtId };
        var rows = (await connection.QueryAsync<PathwayRow>(_database.Command(SelectPathways, parameters, cancellationToken))).AsList();
        var modules = (await connection.QueryAsync<ModuleRow>(_database.Command(SelectModules, parameters, cancellationToken)))
            .ToLookup(row => row.PathwayId, StringComparer.Ordinal);
        var assignments = (await connection.QueryAsync<AssignmentRow>(_database.Command(SelectAssignments, parameters, cancellationToken)))
            .ToLookup(row => row.PathwayId, StringComparer.Ordinal);

        return rows
            .Where(row => includeArchived || row.Archived == 0)
            .Select(row => new Pathway
            {
                Id = row.Id,
                DistrictId = districtId,
                Title = row.Title,
                Description = row.Description,
                Recurrence = Enum.Parse<PathwayRecurrence>(row.Recurrence),
                StartsOn = ParseDate(row.StartsOn),
                ElectivesRequired = (int)row.ElectivesRequired,
                Archived = row.Archived != 0,
                Modules = modules[row.Id].Select(module => new PathwayModule(module.ModuleId, (int)module.Position, module.IsRequired != 0, ParseDate(module.DueOn))).ToList(),
                Assignments = assignments[row.Id].Select(assignment => new PathwayAssignment(Enum.Parse<AssignmentKind>(assignment.Kind), assignment.RegistrationId, assignment.Value)).ToList(),
            })
            .ToList();
    }

    /// <summary>
    /// Lists the district's pathways that are not archived, with their module ids in order, for a
    /// content picker such as deep linking.
    /// </summary>
    public async Task<IReadOnlyList<PathwaySummary>> ListSummariesAsync(string districtId, CancellationToken cancellationToken) =>
        (await ListAsync(districtId, includeArchived: false, cancellationToken))
            .Select(pathway => new PathwaySummary(pathway.Id, pathway.Title, pathway.Modules.OrderBy(module => module.Position).Select(module => module.ModuleId).ToList()))
            .ToList();

    /// <summary>Returns one pathway of the district, or null when the district has none with that id.</summary>
    public async Task<Pathway?> FindAsync(string districtId, string pathwayId, CancellationToken cancellationToken) =>
        (await ListAsync(districtId, includeArchived: true, cancellationToken)).FirstOrDefault(pathway => pathway.Id == pathwayId);

    /// <summary>
    /// Inserts a new pathway (<paramref name="isNew"/>) or replaces an existing one of the same
    /// district, with its modules and assignments, in one transaction. Returns false when an
    /// existing pathway was not found in the district.
    /// </summary>
    public async Task<bool> SaveAsync(Pathway pathway, bool isNew, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        var row = new
        {
            pathway.Id,
            pathway.DistrictId,
            pathway.Title,
            pathway.Description,
            Recurrence = pathway.Recurrence.ToString(),
            StartsOn = pathway.StartsOn?.ToString(DateFormat, CultureInfo.InvariantCulture),
            pathway.ElectivesRequired,
            Now = now.ToUnixTimeMilliseconds(),
        };

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var written = await connection.ExecuteAsync(_database.Command(isNew ? InsertPathway : UpdatePathway, row, cancellationToken, transaction));
        if (written == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await connection.ExecuteAsync(_database.Command(DeleteModules, row, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(DeleteAssignments, row, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(InsertModule, pathway.Modules.Select(module => new
        {
            PathwayId = pathway.Id,
            pathway.DistrictId,
            module.ModuleId,
            module.Position,
            IsRequired = module.IsRequired ? 1 : 0,
            DueOn = module.DueOn?.ToString(DateFormat, CultureInfo.InvariantCulture),
        }), cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(InsertAssignment, pathway.Assignments.Select(assignment => new
        {
            PathwayId = pathway.Id,
            pathway.DistrictId,
            Kind = assignment.Kind.ToString(),
            assignment.RegistrationId,
            assignment.Value,
        }), cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Archives a pathway of the district; returns false when it was not found there.</summary>
    public async Task<bool> ArchiveAsync(string districtId, string pathwayId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(_database.Command(ArchivePathway, new { Id = pathwayId, DistrictId = districtId, Now = now.ToUnixTimeMilliseconds() }, cancellationToken)) > 0;
    }

    /// <summary>Returns the electives a user chose, as pathway id to module ids.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> ListChoicesAsync(string districtId, string userRef, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string PathwayId, string ModuleId)>(_database.Command(SelectChoices, new { DistrictId = districtId, UserRef = userRef }, cancellationToken));
        return rows.GroupBy(row => row.PathwayId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (IReadOnlySet<string>)group.Select(row => row.ModuleId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>Replaces a user's elective choices in one pathway.</summary>
    public async Task SetChoicesAsync(string districtId, string pathwayId, string userRef, IReadOnlyCollection<string> moduleIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = new { DistrictId = districtId, PathwayId = pathwayId, UserRef = userRef };
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(DeleteChoices, key, cancellationToken, transaction));
        await connection.ExecuteAsync(_database.Command(InsertChoice, moduleIds.Select(moduleId => new
        {
            PathwayId = pathwayId, DistrictId = districtId, UserRef = userRef, ModuleId = moduleId, Now = now.ToUnixTimeMilliseconds(),
        }), cancellationToken, transaction));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records a pathway completion for one cycle; returns true only for the call that wrote it.</summary>
    public async Task<bool> TryRecordCompletionAsync(string districtId, string pathwayId, string userRef, long cycleStartMs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = await TryRecordCompletionAsync(connection, transaction, districtId, pathwayId, userRef, cycleStartMs, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    /// <summary>
    /// Records a pathway completion for one cycle in the caller's transaction, so the statement
    /// reporting it commits with it. Returns true only for the call that wrote it. The caller commits.
    /// </summary>
    public async Task<bool> TryRecordCompletionAsync(
        DbConnection connection, DbTransaction transaction, string districtId, string pathwayId, string userRef, long cycleStartMs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.ExecuteAsync(_database.Command(InsertCompletionIfAbsent, new
        {
            PathwayId = pathwayId, DistrictId = districtId, UserRef = userRef, CycleStartMs = cycleStartMs, CompletedAtMs = now.ToUnixTimeMilliseconds(),
        }, cancellationToken, transaction)) > 0;
    }

    /// <summary>Returns whether the user's completion of one cycle of the pathway is stored.</summary>
    public async Task<bool> HasCompletionAsync(string districtId, string pathwayId, string userRef, long cycleStartMs, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_database.Command(CountCompletion, new
        {
            DistrictId = districtId, PathwayId = pathwayId, UserRef = userRef, CycleStartMs = cycleStartMs,
        }, cancellationToken)) > 0;
    }

    /// <summary>Lists every pathway completion of the district.</summary>
    public async Task<IReadOnlyList<PathwayCompletionRecord>> ListCompletionsAsync(string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<PathwayCompletionRecord>(_database.Command(SelectDistrictCompletions, new { DistrictId = districtId }, cancellationToken))).AsList();
    }

    private static DateOnly? ParseDate(string? value) =>
        value is null ? null : DateOnly.ParseExact(value, DateFormat, CultureInfo.InvariantCulture);

    private sealed record PathwayRow(string Id, string Title, string Description, string Recurrence, string? StartsOn, long ElectivesRequired, long Archived);

    private sealed record ModuleRow(string PathwayId, string ModuleId, long Position, long IsRequired, string? DueOn);

    private sealed record AssignmentRow(string PathwayId, string Kind, string RegistrationId, string Value);
}
