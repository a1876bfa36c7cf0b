namespace LtiPd.LtiTool.Catalog;

/// <summary>The problems found in one catalog file, each stamped with that file's name.</summary>
internal sealed class CatalogProblemList
{
    private readonly List<CatalogProblem> _problems;

    public CatalogProblemList(string file, List<CatalogProblem> problems)
    {
        File = file;
        _problems = problems;
    }

    /// <summary>The file, relative to the catalog folder.</summary>
    public string File { get; }

    public int Count => _problems.Count;

    public void Add(string field, string message) => _problems.Add(new CatalogProblem(File, field, message));

    public CatalogProblemList ForFile(string file) => new(file, _problems);
}
