using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pathways;

/// <summary>Computes a person's standing on a pathway from their module completions and progress.</summary>
public static class PathwayEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="pathway"/> at <paramref name="now"/>. A module counts as done in
    /// the cycle when a completion of it was made in this cycle: stored for a module cycle that
    /// starts at or after the pathway's cycle start, at or after that start. An earlier
    /// completion has expired, and the module is required again. Only required modules become overdue.
    /// </summary>
    /// <param name="pathway">The pathway.</param>
    /// <param name="catalog">The loaded catalog; pathway modules missing from it are left out.</param>
    /// <param name="completions">The person's module completions, every cycle.</param>
    /// <param name="startedModuleIds">Modules in which the person has done any activity in the current cycle.</param>
    /// <param name="chosenModuleIds">Electives the person chose in this pathway.</param>
    /// <param name="now">The evaluation time.</param>
    public static PathwayStatus Evaluate(
        Pathway pathway,
        ModuleCatalog catalog,
        IReadOnlyCollection<ModuleCompletionRecord> completions,
        IReadOnlySet<string> startedModuleIds,
        IReadOnlySet<string> chosenModuleIds,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(completions);
        var cycle = PathwayCycle.For(pathway, now);
        var byModule = completions.ToLookup(completion => completion.ModuleId, StringComparer.Ordinal);
        var modules = new List<PathwayModuleStatus>();
        foreach (var entry in pathway.Modules.OrderBy(module => module.Position))
        {
            if (catalog.Find(entry.ModuleId) is not { } module)
            {
                continue;
            }

            modules.Add(EvaluateModule(entry, module, cycle, byModule[entry.ModuleId], startedModuleIds, chosenModuleIds, now));
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
        IEnumerable<ModuleCompletionRecord> completions,
        IReadOnlySet<string> startedModuleIds,
        IReadOnlySet<string> chosenModuleIds,
        DateTimeOffset now)
    {
        DateTimeOffset? completedAt = null;
        DateTimeOffset? expiredAt = null;
        foreach (var completion in completions)
        {
            if (completion.CycleStartMs >= cycle.StartMs && completion.CompletedAt >= cycle.Start)
            {
                completedAt = Latest(completedAt, completion.CompletedAt);
            }
            else
            {
                // Done in an earlier cycle: the module is required again in this one, and the
                // old completion stays on the record (transcripts list every cycle).
                expiredAt = Latest(expiredAt, completion.CompletedAt);
            }
        }

        if (completedAt is not null)
        {
            expiredAt = null;
        }

        var dueAt = entry.IsRequired ? cycle.DueAt(entry.DueOn) : null;
        var state = completedAt is not null
            ? ProgressState.Done
            : dueAt is { } due && now >= due
                ? ProgressState.Overdue
                : startedModuleIds.Contains(entry.ModuleId)
                    ? ProgressState.InProgress
                    : ProgressState.NotStarted;

        return new PathwayModuleStatus
        {
            Entry = entry,
            Module = module,
            State = state,
            DueOn = entry.IsRequired ? cycle.DueOn(entry.DueOn) : null,
            CompletedAt = completedAt,
            ExpiresAt = completedAt is null ? null : cycle.End,
            ExpiredCompletionAt = expiredAt,
            Chosen = chosenModuleIds.Contains(entry.ModuleId),
        };
    }

    private static DateTimeOffset Latest(DateTimeOffset? current, DateTimeOffset candidate) =>
        current is { } known && known > candidate ? known : candidate;
}
