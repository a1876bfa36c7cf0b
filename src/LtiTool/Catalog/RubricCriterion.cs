namespace LtiPd.LtiTool.Catalog;

/// <summary>One criterion (row) of an analytic rubric, with a descriptor for every level.</summary>
/// <param name="Id">The criterion's id, unique within the rubric.</param>
/// <param name="Title">What the criterion judges.</param>
/// <param name="Descriptors">What work at each level looks like, keyed by level id; one entry per level.</param>
public sealed record RubricCriterion(string Id, string Title, IReadOnlyDictionary<string, string> Descriptors);
