using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Moves the work learners did inside the current cycle of an annual pathway into that cycle when
/// the pathway is saved. Work done before the pathway existed then counts for the cycle in the
/// module pages, my pathway and compliance alike.
/// </summary>
internal sealed class PathwayCycleWork
{
    // Only learners with cycle-0 work in the pathway's modules since the cycle start can have
    // anything to move, so the assignment is checked for those few alone.
    private const string SelectLearnersWithWorkIn =
        "SELECT DISTINCT p.registration_id AS RegistrationId, p.user_ref AS UserRef FROM catalog_progress p JOIN platform_registrations r ON r.id = p.registration_id " +
        "WHERE r.district_id = @DistrictId AND p.cycle_start_ms = 0 AND COALESCE(p.first_done_at_ms, p.updated_at_ms) >= @CycleStartMs AND p.module_id ";

    // Npgsql takes the list as one array parameter, where Dapper expands "IN @List" for the others.
    private static readonly SqlText SelectLearnersWithWork = SqlText.PerProvider(
        sqlite: SelectLearnersWithWorkIn + "IN @ModuleIds",
        postgreSql: SelectLearnersWithWorkIn + "= ANY(@ModuleIds)",
        sqlServer: SelectLearnersWithWorkIn + "IN @ModuleIds");

    private readonly Database _database;
    private readonly ProgressStore _progress;
    private readonly TimeProvider _timeProvider;

    public PathwayCycleWork(Database database, ProgressStore progress, TimeProvider timeProvider)
    {
        _database = database;
        _progress = progress;
        _timeProvider = timeProvider;
    }

    /// <summary>Moves the in-cycle work of every learner of the district with work in <paramref name="pathway"/>'s modules.</summary>
    public async Task MoveIntoCurrentCycleAsync(Pathway pathway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        var cycle = PathwayCycle.For(pathway, _timeProvider.GetUtcNow());
        if (pathway.Recurrence != PathwayRecurrence.Annual || pathway.StartsOn is null || pathway.Modules.Count == 0 || cycle.Start > _timeProvider.GetUtcNow())
        {
            return;
        }

        List<LearnerRow> learners;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            learners = (await connection.QueryAsync<LearnerRow>(_database.Command(SelectLearnersWithWork, new
            {
                pathway.DistrictId,
                ModuleIds = pathway.Modules.Select(module => module.ModuleId).ToArray(),
                CycleStartMs = cycle.StartMs,
            }, cancellationToken))).ToList();
        }

        foreach (var learner in learners)
        {
            await _progress.MoveWorkIntoCurrentCyclesAsync(learner.RegistrationId, learner.UserRef, cancellationToken);
        }
    }

    private sealed record LearnerRow(string RegistrationId, string UserRef);
}
