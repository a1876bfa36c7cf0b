namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Loads a catalog folder: one sub-folder per module holding a manifest (<c>module.yaml</c>,
/// <c>module.yml</c> or <c>module.json</c>; JSON is read as YAML) and its activities as
/// <c>*.md</c> files in file-name order. Every problem of every file is collected; a module with
/// any problem is left out and the others load.
/// </summary>
public sealed class CatalogLoader
{
    private static readonly string[] ManifestNames = ["module.yaml", "module.yml", "module.json"];

    private readonly ActivityReader _activityReader;

    /// <summary>Creates a loader that renders activity bodies with <paramref name="safeHtml"/>.</summary>
    public CatalogLoader(SafeHtml safeHtml)
    {
        _activityReader = new ActivityReader(safeHtml);
    }

    /// <summary>Loads every module folder under <paramref name="catalogFolder"/>.</summary>
    public CatalogLoadResult Load(string catalogFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalogFolder);
        var allProblems = new List<CatalogProblem>();
        if (!Directory.Exists(catalogFolder))
        {
            allProblems.Add(new CatalogProblem(catalogFolder, "(folder)", "was not found; set Catalog:Path to the folder that contains the module folders."));
            return new CatalogLoadResult([], allProblems, []);
        }

        var modules = new List<CatalogModule>();
        var rejected = new List<string>();
        var folders = Directory.GetDirectories(catalogFolder)
            .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            .Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var folderName = Path.GetFileName(folder);
            var problems = new List<CatalogProblem>();
            var module = LoadModule(folder, folderName, problems);
            if (module is not null && modules.Any(loaded => loaded.Id == module.Id))
            {
                problems.Add(new CatalogProblem(module.ManifestFile, "id", $"'{module.Id}' is already used by another module; give each module its own id."));
            }

            allProblems.AddRange(problems);
            if (module is null || problems.Count > 0)
            {
                rejected.Add(folderName);
            }
            else
            {
                modules.Add(module);
            }
        }

        return new CatalogLoadResult(modules, allProblems, rejected);
    }

    private CatalogModule? LoadModule(string folder, string folderName, List<CatalogProblem> problems)
    {
        var manifests = ManifestNames.Where(name => File.Exists(Path.Combine(folder, name))).ToList();
        if (manifests.Count != 1)
        {
            var message = manifests.Count == 0
                ? $"has no manifest; add one of {string.Join(", ", ManifestNames)}."
                : $"has {string.Join(" and ", manifests)}; keep one manifest per module.";
            problems.Add(new CatalogProblem(folderName, "(folder)", message));
            return null;
        }

        var manifestFile = $"{folderName}/{manifests[0]}";
        var manifestProblems = new CatalogProblemList(manifestFile, problems);
        var manifest = ManifestReader.Read(File.ReadAllText(Path.Combine(folder, manifests[0])), folderName, manifestProblems);

        var activities = new List<CatalogActivity>();
        var activityFiles = Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).ToList();
        foreach (var path in activityFiles)
        {
            var fileProblems = manifestProblems.ForFile($"{folderName}/{Path.GetFileName(path)}");
            var activity = _activityReader.Read(File.ReadAllText(path), fileProblems);
            if (activity is null)
            {
                continue;
            }

            if (activities.FirstOrDefault(other => other.Id == activity.Id) is { } clash)
            {
                fileProblems.Add("id", $"'{activity.Id}' is already used by {clash.SourceFile}; give each activity of a module its own id.");
                continue;
            }

            activities.Add(activity);
        }

        if (activityFiles.Count == 0)
        {
            manifestProblems.Add("(activities)", "the module has no activities; add Markdown files (*.md) beside the manifest.");
        }

        if (manifest is null || problems.Count > 0)
        {
            return null;
        }

        var totalPoints = activities.Sum(activity => activity.Points);
        if (totalPoints < manifest.PointsToComplete)
        {
            manifestProblems.Add("pointsToComplete", $"{manifest.PointsToComplete} cannot be reached: all activities together give {totalPoints} points. Lower it or add points.");
            return null;
        }

        return manifest with { ManifestFile = manifestFile, Activities = activities };
    }
}
