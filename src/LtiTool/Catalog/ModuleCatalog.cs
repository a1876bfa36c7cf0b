namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// The modules loaded at start-up, shared by every request. Until <see cref="Replace"/> runs it is
/// empty. Swapping the whole result keeps readers from seeing a half-loaded catalog.
/// </summary>
public sealed class ModuleCatalog
{
    private volatile CatalogLoadResult _current = new([], [], []);

    /// <summary>The loaded modules, ordered by folder name.</summary>
    public IReadOnlyList<CatalogModule> Modules => _current.Modules;

    /// <summary>The problems of the last load.</summary>
    public IReadOnlyList<CatalogProblem> Problems => _current.Problems;

    /// <summary>Returns the module with <paramref name="moduleId"/>, or null.</summary>
    public CatalogModule? Find(string moduleId) =>
        _current.Modules.FirstOrDefault(module => string.Equals(module.Id, moduleId, StringComparison.Ordinal));

    /// <summary>Makes <paramref name="result"/> the current catalog.</summary>
    public void Replace(CatalogLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _current = result;
    }
}
