namespace LtiPd.LtiTool.Catalog;

/// <summary>One performance level of an analytic rubric, shared by all its criteria.</summary>
/// <param name="Id">The level's id, unique within the rubric.</param>
/// <param name="Label">The level's name, such as <c>Proficient</c>.</param>
/// <param name="Score">The score a criterion earns at this level.</param>
public sealed record RubricLevel(string Id, string Label, int Score);
