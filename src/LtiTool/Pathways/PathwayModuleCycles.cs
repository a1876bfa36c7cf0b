using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Makes the modules of a learner's annual pathways recur: a module in an annual pathway assigned
/// to the learner counts progress in the pathway's current cycle, so it is done again every year.
/// </summary>
/// <remarks>
/// The learner is placed as compliance places people: school from the user row, courses from the
/// course roster and launches, and the highest role of their launches. A module in two annual
/// pathways with different start days follows the cycle that started last. A cycle that has not
/// started yet (a pathway whose first day is ahead) does not count, so progress made before it
/// stays in the non-recurring cycle 0.
/// </remarks>
internal sealed class PathwayModuleCycles : IModuleCycleSource
{
    private static readonly SqlText SelectUser = SqlText.Portable(
        "SELECT subject AS Subject, school_id AS SchoolId FROM lti_users WHERE id = @UserRef AND registration_id = @RegistrationId");

    private static readonly SqlText SelectContexts = SqlText.Portable(
        "SELECT context_ref FROM roster_members WHERE registration_id = @RegistrationId AND subject = @Subject AND status = 'Active' " +
        "UNION SELECT context_ref FROM pd_launch_memberships WHERE registration_id = @RegistrationId AND user_ref = @UserRef AND context_ref <> ''");

    private static readonly SqlText SelectRoles = SqlText.Portable(
        "SELECT DISTINCT role FROM pd_launch_memberships WHERE registration_id = @RegistrationId AND user_ref = @UserRef");

    private readonly Database _database;
    private readonly PlatformRegistry _registry;
    private readonly PathwayStore _store;
    private readonly TimeProvider _timeProvider;

    public PathwayModuleCycles(Database database, PlatformRegistry registry, PathwayStore store, TimeProvider timeProvider)
    {
        _database = database;
        _registry = registry;
        _store = store;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, long>> GetCycleStartsAsync(string registrationId, string userId, CancellationToken cancellationToken)
    {
        var cycles = new Dictionary<string, long>(StringComparer.Ordinal);
        var registration = await _registry.FindByIdAsync(registrationId, cancellationToken);
        if (registration is null)
        {
            return cycles;
        }

        var now = _timeProvider.GetUtcNow();
        var annual = (await _store.ListAsync(registration.DistrictId, includeArchived: false, cancellationToken))
            .Where(pathway => pathway.Recurrence == PathwayRecurrence.Annual && pathway.StartsOn is not null)
            .ToList();

        // Most districts have no annual pathway, so the learner is only looked up when one exists.
        if (annual.Count == 0 || await LoadPersonAsync(registrationId, userId, cancellationToken) is not { } person)
        {
            return cycles;
        }

        foreach (var pathway in annual.Where(person.IsAssigned))
        {
            var cycle = PathwayCycle.For(pathway, now);
            if (cycle.Start > now)
            {
                continue;
            }

            foreach (var module in pathway.Modules)
            {
                cycles[module.ModuleId] = Math.Max(cycle.StartMs, cycles.GetValueOrDefault(module.ModuleId));
            }
        }

        return cycles;
    }

    private async Task<PathwayPerson?> LoadPersonAsync(string registrationId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(_database.Command(
            SelectUser, new { UserRef = userId, RegistrationId = registrationId }, cancellationToken));
        if (user is null)
        {
            return null;
        }

        var key = new { RegistrationId = registrationId, user.Subject, UserRef = userId };
        var contexts = (await connection.QueryAsync<string>(_database.Command(SelectContexts, key, cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var role = PdRole.Learner;
        foreach (var name in await connection.QueryAsync<string>(_database.Command(SelectRoles, key, cancellationToken)))
        {
            if (Enum.TryParse<PdRole>(name, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && parsed > role)
            {
                role = parsed;
            }
        }

        return new PathwayPerson { RegistrationId = registrationId, Role = role, ContextRefs = contexts, SchoolId = user.SchoolId };
    }

    private sealed record UserRow(string Subject, string? SchoolId);
}
