namespace LtiPd.LtiTool.Pathways;

/// <summary>One assigned person's evaluation of a pathway.</summary>
/// <param name="Person">The person.</param>
/// <param name="Status">The pathway evaluated in its current cycle.</param>
/// <param name="StartedModuleIds">The pathway's modules with progress in the current cycle.</param>
/// <param name="RecordedAt">When the completion of the pathway recorded for the current cycle was made, or null when none was recorded.</param>
internal sealed record CompliancePersonStatus(CompliancePerson Person, PathwayStatus Status, IReadOnlySet<string> StartedModuleIds, DateTimeOffset? RecordedAt)
{
    /// <summary>Whether the pathway is done in the current cycle: complete now, or a completion was recorded.</summary>
    public bool IsDone => RecordedAt is not null || Status.IsComplete;

    /// <summary>
    /// When the pathway was completed in the current cycle: the recorded completion, which the
    /// pathway certificate also carries, else the last completion of its modules in the cycle.
    /// Null while the pathway is not done.
    /// </summary>
    public DateTimeOffset? CompletedAt => RecordedAt
        ?? (Status.IsComplete ? Status.Modules.Max(module => module.CompletedAt) : null);
}
