using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Tests.Catalog;

public sealed class SampleCatalogTests
{
    private static readonly string[] ExpectedModules =
    [
        "accessibility-in-the-classroom",
        "analytic-vs-holistic-rubrics",
        "classroom-management",
        "differentiated-instruction",
        "digital-citizenship",
        "family-engagement",
        "first-year-teacher-essentials",
        "formative-assessment",
        "rubric-design",
        "social-emotional-learning",
        "supporting-english-learners",
        "using-data-to-plan",
    ];

    private static CatalogLoadResult LoadSample() =>
        new CatalogLoader(new SafeHtml()).Load(Path.Combine(AppContext.BaseDirectory, "catalog"));

    [Fact]
    public void Load_SampleCatalog_HasNoProblems()
    {
        var result = LoadSample();

        Assert.Empty(result.Problems.Select(problem => problem.ToString()));
        Assert.Empty(result.RejectedFolders);
    }

    [Fact]
    public void Load_SampleCatalog_HasTheTwelveModules()
    {
        var result = LoadSample();

        Assert.Equal(ExpectedModules, result.Modules.Select(module => module.Id));
    }

    [Fact]
    public void Load_SampleCatalog_HasMixedActivities()
    {
        foreach (var module in LoadSample().Modules)
        {
            Assert.True(module.Activities.Count >= 5, $"{module.Id} has {module.Activities.Count} activities");
            Assert.True(module.Activities.Select(activity => activity.Kind).Distinct().Count() >= 4, $"{module.Id} uses fewer than 4 kinds");
            Assert.Contains(module.Activities, activity => !activity.IsRequired);
        }
    }

    [Fact]
    public void Load_SampleCatalog_CompletesWithoutEvidence()
    {
        // Evidence cannot be submitted yet, so each module must be completable with the other
        // activities; this also checks that electives offer a choice.
        foreach (var module in LoadSample().Modules)
        {
            var allButEvidence = module.Activities
                .Where(activity => activity.Kind != ActivityKind.Evidence)
                .Select(activity => activity.Id)
                .ToHashSet();

            var progress = ModuleCompletion.Evaluate(module, allButEvidence);

            Assert.True(progress.IsComplete, $"{module.Id}: {progress.PointsEarned} of {progress.PointsToComplete}, {progress.RequiredLeft.Count} required left");
        }
    }

    [Fact]
    public void Load_SampleCatalog_WatchUsesSlots()
    {
        var watches = LoadSample().Modules.SelectMany(module => module.Activities).Where(activity => activity.Kind == ActivityKind.Watch).ToList();

        Assert.NotEmpty(watches);
        Assert.All(watches, activity => Assert.NotNull(activity.Video!.Slot));
        Assert.All(watches, activity => Assert.Null(activity.Video!.EmbedUrl));
    }
}
