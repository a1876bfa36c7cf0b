namespace LtiPd.LtiTool.Catalog;

/// <summary>The modules that loaded and the problems that kept the others out.</summary>
/// <param name="Modules">The valid modules, ordered by folder name.</param>
/// <param name="Problems">Every problem found, in file order; a module with any is left out.</param>
/// <param name="RejectedFolders">The module folders left out because of their problems.</param>
public sealed record CatalogLoadResult(
    IReadOnlyList<CatalogModule> Modules,
    IReadOnlyList<CatalogProblem> Problems,
    IReadOnlyList<string> RejectedFolders);
