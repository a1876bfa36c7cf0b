namespace LtiPd.LtiTool.Pathways;

/// <summary>A person's standing on a pathway in its current cycle.</summary>
public sealed record PathwayStatus
{
    /// <summary>The pathway.</summary>
    public required Pathway Pathway { get; init; }

    /// <summary>The cycle the standing is for.</summary>
    public required PathwayCycle Cycle { get; init; }

    /// <summary>The modules in pathway order; modules no longer in the catalog are left out.</summary>
    public required IReadOnlyList<PathwayModuleStatus> Modules { get; init; }

    /// <summary>How many electives are done in this cycle.</summary>
    public required int ElectivesDone { get; init; }

    /// <summary>Whether every required module and enough electives are done.</summary>
    public bool IsComplete => Modules.Where(module => module.Entry.IsRequired).All(module => module.State == ProgressState.Done)
        && ElectivesDone >= Pathway.ElectivesRequired;

    /// <summary>The pathway's state: done, overdue when a required module is, in progress when anything is done or started.</summary>
    public ProgressState State => IsComplete
        ? ProgressState.Done
        : Modules.Any(module => module.State == ProgressState.Overdue)
            ? ProgressState.Overdue
            : Modules.Any(module => module.State is ProgressState.Done or ProgressState.InProgress)
                ? ProgressState.InProgress
                : ProgressState.NotStarted;
}
