namespace LtiPd.LtiTool.Pathways;

/// <summary>A pathway as a content picker lists it.</summary>
/// <param name="Id">The pathway id.</param>
/// <param name="Title">The pathway title.</param>
/// <param name="ModuleIds">The catalog module ids in pathway order.</param>
public sealed record PathwaySummary(string Id, string Title, IReadOnlyList<string> ModuleIds);
