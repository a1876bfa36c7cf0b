using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Tests.Catalog;

public sealed class CatalogLoaderTests
{
    private static readonly string BrokenCatalog = Path.Combine(AppContext.BaseDirectory, "Catalog", "Fixtures", "broken");

    private static CatalogLoadResult LoadBroken() => new CatalogLoader(new SafeHtml()).Load(BrokenCatalog);

    [Fact]
    public void Load_BrokenCatalog_LoadsOnlyTheValidModules()
    {
        var result = LoadBroken();

        Assert.Equal(["good-module", "json-module"], result.Modules.Select(module => module.Id));
    }

    [Fact]
    public void Load_BrokenCatalog_LeavesOutEveryBrokenFolder()
    {
        var result = LoadBroken();

        Assert.Equal(
            ["bad-kinds", "bad-manifest", "bad-quiz", "bad-rubric", "bad-yaml", "duplicate-activities", "no-manifest", "two-manifests", "unreachable-points"],
            result.RejectedFolders);
    }

    [Theory]
    [InlineData("bad-manifest/module.yaml", "id", "does not match the module's folder name 'bad-manifest'")]
    [InlineData("bad-manifest/module.yaml", "title", "is missing")]
    [InlineData("bad-manifest/module.yaml", "audience", "at least one entry")]
    [InlineData("bad-manifest/module.yaml", "standards[0].code", "is missing")]
    [InlineData("bad-manifest/module.yaml", "estimatedMinutes", "-5 is out of range")]
    [InlineData("bad-manifest/module.yaml", "creditHours", "'two' is not a number")]
    [InlineData("bad-manifest/module.yaml", "points", "is not a known field")]
    [InlineData("bad-manifest/01-read.md", "id", "'Read Me' is not a valid id")]
    [InlineData("bad-manifest/01-read.md", "kind", "'lecture' is not an activity kind")]
    [InlineData("bad-manifest/01-read.md", "required", "'maybe' is not true or false")]
    [InlineData("bad-quiz/01-quiz.md", "masteryPercent", "150 is out of range")]
    [InlineData("bad-quiz/01-quiz.md", "questions[0].options", "has 2 options marked 'correct: true'")]
    [InlineData("bad-quiz/01-quiz.md", "questions[1].options[0].feedback", "is missing")]
    [InlineData("bad-quiz/01-quiz.md", "questions[2].options", "has 1 options")]
    [InlineData("bad-rubric/01-evidence.md", "accepts", "'video' is not an evidence form")]
    [InlineData("bad-rubric/01-evidence.md", "rubric.levels", "list levels from lowest to highest score")]
    [InlineData("bad-rubric/02-evidence-levels.md", "rubric.criteria[0].descriptors.middle", "is not a level of this rubric")]
    [InlineData("bad-rubric/02-evidence-levels.md", "rubric.criteria[0].descriptors.high", "every criterion needs a descriptor for every level")]
    [InlineData("bad-rubric/02-evidence-levels.md", "rubric.criteria[1].descriptors.high", "must be a non-empty text")]
    [InlineData("bad-rubric/03-watch.md", "video.captions", "is missing")]
    [InlineData("bad-rubric/04-reflect.md", "maxLength", "is below minLength 500")]
    [InlineData("no-manifest", "(folder)", "has no manifest")]
    [InlineData("two-manifests", "(folder)", "has module.yaml and module.json")]
    [InlineData("bad-yaml/module.yaml", "(file)", "is not valid YAML at line 3")]
    [InlineData("unreachable-points/module.yaml", "pointsToComplete", "50 cannot be reached: all activities together give 10 points")]
    [InlineData("duplicate-activities/02-read-again.md", "id", "'read-me' is already used by duplicate-activities/01-read.md")]
    [InlineData("bad-kinds/01-no-front-matter.md", "(front matter)", "is missing")]
    [InlineData("bad-kinds/02-read-with-quiz-fields.md", "masteryPercent", "is not a known field")]
    [InlineData("bad-kinds/02-read-with-quiz-fields.md", "(body)", "is empty")]
    public void Load_BrokenCatalog_ReportsFileAndField(string file, string field, string message)
    {
        var result = LoadBroken();

        var matches = result.Problems.Where(problem => problem.File == file && problem.Field == field).ToList();
        Assert.True(matches.Count == 1, $"Expected one problem for {file} {field}; found: {string.Join(" | ", result.Problems)}");
        Assert.Contains(message, matches[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenManifest_ReportsAllProblems()
    {
        var result = LoadBroken();

        Assert.Equal(7, result.Problems.Count(problem => problem.File == "bad-manifest/module.yaml"));
        Assert.Equal(3, result.Problems.Count(problem => problem.File == "bad-manifest/01-read.md"));
    }

    [Fact]
    public void Load_JsonManifest_ReadsEveryField()
    {
        var module = LoadBroken().Modules.Single(module => module.Id == "json-module");

        Assert.Equal("A JSON manifest", module.Title);
        Assert.Equal(["Teachers", "Coaches"], module.Audience);
        Assert.Equal(new StandardAlignment("Test Framework", "T2", "JSON"), Assert.Single(module.Standards));
        Assert.Equal(15, module.EstimatedMinutes);
        Assert.Equal(1m, module.CreditHours);
        Assert.Equal(5, module.PointsToComplete);
        Assert.Equal("json-module/module.json", module.ManifestFile);
    }

    [Fact]
    public void Load_MissingFolder_ReportsTheFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "ltipd-no-such-catalog-" + Guid.NewGuid().ToString("N"));

        var result = new CatalogLoader(new SafeHtml()).Load(missing);

        Assert.Empty(result.Modules);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("(folder)", problem.Field);
        Assert.Contains("Catalog:Path", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ActivityBody_DisablesRawHtml()
    {
        using var folder = new TemporaryCatalog();
        folder.Write("html-module/module.yaml", "id: html-module\ntitle: T\nsummary: S\ntopic: T\naudience: A\nstandards:\n  - framework: F\n    code: C\n    title: T\nestimatedMinutes: 5\ncreditHours: 0\npointsToComplete: 1\n");
        folder.Write("html-module/01-read.md", "---\nid: read\ntitle: R\nkind: read\nrequired: true\npoints: 1\nminutes: 1\n---\n## Heading\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(2)) and [good](https://example.org/)\n");

        var result = new CatalogLoader(new SafeHtml()).Load(folder.Path);

        var html = Assert.Single(Assert.Single(result.Modules).Activities).BodyHtml;
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.org/\"", html, StringComparison.Ordinal);
    }

    private sealed class TemporaryCatalog : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ltipd-catalog-" + Guid.NewGuid().ToString("N"));

        public void Write(string relativePath, string text)
        {
            var file = System.IO.Path.Combine(Path, relativePath);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
