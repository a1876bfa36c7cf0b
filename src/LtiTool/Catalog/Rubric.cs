namespace LtiPd.LtiTool.Catalog;

/// <summary>An analytic rubric: criteria down the side, levels across the top, a descriptor in every cell.</summary>
/// <param name="Levels">The levels from lowest to highest score.</param>
/// <param name="Criteria">The criteria, in the order shown.</param>
public sealed record Rubric(IReadOnlyList<RubricLevel> Levels, IReadOnlyList<RubricCriterion> Criteria);
