namespace LtiPd.LtiTool.Catalog;

/// <summary>What recording a submission changed.</summary>
/// <param name="ActivityNewlyDone">Whether the activity became done with this submission.</param>
/// <param name="ModuleNewlyCompleted">Whether the module became complete with this submission.</param>
/// <param name="Progress">The learner's progress in the module afterwards.</param>
/// <param name="CycleStartMs">The start (Unix ms) of the module cycle the step counts for; 0 unless the module recurs.</param>
public sealed record RecordedStep(bool ActivityNewlyDone, bool ModuleNewlyCompleted, ModuleProgress Progress, long CycleStartMs = 0);
