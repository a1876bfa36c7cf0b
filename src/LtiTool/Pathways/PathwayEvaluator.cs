using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Computes a person's standing on a pathway from their module completions and progress.</summary>
public static class PathwayEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="pathway"/> at <paramref name="now"/>. A module counts as done in
    /// the cycle when its completion is at or after the cycle start. An earlier completion of an
    /// annual pathway has expired. Only required modules become overdue.
    /// </summary>
    /// <param name="pathway">The pathway.</param>
    /// <param name="catalog">The loaded catalog; pathway modules missing from it are left out.</param>
    /// <param name="completedAtMs">Module id to completion time (Unix ms) of the person.</param>
    /// <param name="startedModuleIds">Modules in which the person has done any activity.</param>
    /// <param name="chosenModuleIds">Electives the person chose in this pathway.</param>
    /// <param name="now">The evaluation time.</param>
    public static PathwayStatus Evaluate(
        Pathway pathway,
        ModuleCatalog catalog,
        IReadOnlyDictionary<string, long> completedAtMs,
        IReadOnlySet<string> startedModuleIds,
        IReadOnlySet<string> chosenModuleIds,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        ArgumentNullException.ThrowIfNull(catalog);
        var cycle = PathwayCycle.For(pathway, now);
        var modules = new List<PathwayModuleStatus>();
        foreach (var entry in pathway.Modules.OrderBy(module => module.Position))
        {
            if (catalog.Find(entry.ModuleId) is not { } module)
            {
                continue;
            }

            modules.Add(EvaluateModule(entry, module, cycle, completedAtMs, startedModuleIds, chosenModuleIds, now));
        }

        return new PathwayStatus
        {
            Pathway = pathway,
            Cycle = cycle,
            Modules = modules,
            ElectivesDone = modules.Count(module => !module.Entry.IsRequired && module.State == ProgressState.Done),
        };
    }

    private static PathwayModuleStatus EvaluateModule(
        PathwayModule entry,
        CatalogModule module,
        PathwayCycle cycle,
        IReadOnlyDictionary<string, long> completedAtMs,
        IReadOnlySet<string> startedModuleIds,
        IReadOnlySet<string> chosenModuleIds,
        DateTimeOffset now)
    {
        DateTimeOffset? completedAt = null;
        DateTimeOffset? expiredAt = null;
        if (completedAtMs.TryGetValue(entry.ModuleId, out var completedMs))
        {
            var completed = DateTimeOffset.FromUnixTimeMilliseconds(completedMs);
            if (completedMs >= cycle.StartMs)
            {
                completedAt = completed;
            }
            else
            {
                // NOTE: catalog progress is kept per learner, not per cycle, so a module completed
                // in an earlier year stays complete in the catalog and cannot be done again. Such
                // a required module shows as expired, then overdue after its due date, and the
                // annual pathway cannot be completed again in a later year.
                expiredAt = completed;
            }
        }

        var dueAt = entry.IsRequired ? cycle.DueAt(entry.DueOn) : null;
        var state = completedAt is not null
            ? ProgressState.Done
            : dueAt is { } due && now >= due
                ? ProgressState.Overdue
                : startedModuleIds.Contains(entry.ModuleId) && expiredAt is null
                    ? ProgressState.InProgress
                    : ProgressState.NotStarted;

        return new PathwayModuleStatus
        {
            Entry = entry,
            Module = module,
            State = state,
            DueOn = entry.IsRequired ? cycle.DueOn(entry.DueOn) : null,
            CompletedAt = completedAt,
            ExpiredCompletionAt = expiredAt,
            Chosen = chosenModuleIds.Contains(entry.ModuleId),
        };
    }
}
