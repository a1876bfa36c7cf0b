namespace LtiPd.LtiTool.Pathways;

/// <summary>One assigned person's evaluation of a pathway.</summary>
/// <param name="Person">The person.</param>
/// <param name="Status">The pathway evaluated in its current cycle.</param>
/// <param name="StartedModuleIds">The pathway's modules with progress in the current cycle.</param>
/// <param name="Recorded">Whether a completion of the pathway was recorded for the current cycle.</param>
internal sealed record CompliancePersonStatus(CompliancePerson Person, PathwayStatus Status, IReadOnlySet<string> StartedModuleIds, bool Recorded);
