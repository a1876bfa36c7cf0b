namespace LtiPd.LtiTool.Pathways;

/// <summary>A module in a pathway.</summary>
/// <param name="ModuleId">The catalog module id.</param>
/// <param name="Position">The module's place in the pathway, from 1.</param>
/// <param name="IsRequired">Whether everyone assigned must complete it; otherwise it is an elective.</param>
/// <param name="DueOn">
/// The last day to complete a required module (UTC), or null for no due date. For an annual
/// pathway it is the due day of the first year; later years move it by whole years.
/// </param>
public sealed record PathwayModule(string ModuleId, int Position, bool IsRequired, DateOnly? DueOn);
