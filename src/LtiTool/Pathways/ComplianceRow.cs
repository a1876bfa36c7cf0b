namespace LtiPd.LtiTool.Pathways;

/// <summary>One person's state on a pathway or on one of its required modules.</summary>
/// <param name="Person">The person.</param>
/// <param name="ModuleTitle">The module's title, or null for the pathway as a whole.</param>
/// <param name="State">The state in the current cycle.</param>
/// <param name="DueOn">The due day, when there is one.</param>
/// <param name="CompletedAt">When it was completed in this cycle.</param>
internal sealed record ComplianceRow(CompliancePerson Person, string? ModuleTitle, ProgressState State, DateOnly? DueOn, DateTimeOffset? CompletedAt);
