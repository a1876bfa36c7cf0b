using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Tests.Catalog;

public sealed class ModuleCompletionTests
{
    // Required: intro (10), quiz (20). Electives: video (10), extra (10), evidence (30). Threshold 50.
    private static readonly CatalogModule Module = new()
    {
        Id = "module",
        Title = "Module",
        Summary = "Summary",
        Topic = "Topic",
        Audience = ["Teachers"],
        Standards = [new StandardAlignment("F", "1", "T")],
        EstimatedMinutes = 60,
        CreditHours = 1m,
        PointsToComplete = 50,
        ManifestFile = "module/module.yaml",
        Activities =
        [
            Activity("intro", required: true, points: 10),
            Activity("quiz", required: true, points: 20),
            Activity("video", required: false, points: 10),
            Activity("extra", required: false, points: 10),
            Activity("evidence", required: false, points: 30),
        ],
    };

    [Fact]
    public void Evaluate_NothingDone_IsNotStarted()
    {
        var progress = ModuleCompletion.Evaluate(Module, new HashSet<string>());

        Assert.False(progress.IsStarted);
        Assert.False(progress.IsComplete);
        Assert.Equal(0, progress.PointsEarned);
        Assert.Equal(50, progress.PointsShort);
        Assert.Equal(["intro", "quiz"], progress.RequiredLeft.Select(activity => activity.Id));
        Assert.Equal(["video", "extra", "evidence"], progress.ElectivesLeft.Select(activity => activity.Id));
    }

    [Fact]
    public void Evaluate_RequiredDoneBelowThreshold_IsNotComplete()
    {
        var progress = ModuleCompletion.Evaluate(Module, new HashSet<string> { "intro", "quiz" });

        Assert.False(progress.IsComplete);
        Assert.Empty(progress.RequiredLeft);
        Assert.Equal(30, progress.PointsEarned);
        Assert.Equal(20, progress.PointsShort);
    }

    [Fact]
    public void Evaluate_RequiredMissing_IsNotComplete()
    {
        var progress = ModuleCompletion.Evaluate(Module, new HashSet<string> { "intro", "video", "extra", "evidence" });

        Assert.Equal(60, progress.PointsEarned);
        Assert.Equal(0, progress.PointsShort);
        Assert.False(progress.IsComplete);
        Assert.Equal("quiz", Assert.Single(progress.RequiredLeft).Id);
    }

    [Theory]
    [InlineData("video", "extra")]
    [InlineData("evidence")]
    [InlineData("video", "evidence")]
    public void Evaluate_AnyElectivesReachingThreshold_IsComplete(params string[] electives)
    {
        var done = new HashSet<string>(electives) { "intro", "quiz" };

        var progress = ModuleCompletion.Evaluate(Module, done);

        Assert.True(progress.IsComplete);
        Assert.True(progress.PointsEarned >= 50);
    }

    [Fact]
    public void Evaluate_ExactlyAtThreshold_IsComplete()
    {
        var progress = ModuleCompletion.Evaluate(Module, new HashSet<string> { "intro", "quiz", "video", "extra" });

        Assert.Equal(50, progress.PointsEarned);
        Assert.True(progress.IsComplete);
    }

    [Fact]
    public void Evaluate_UnknownActivityIds_CountForNothing()
    {
        var progress = ModuleCompletion.Evaluate(Module, new HashSet<string> { "intro", "quiz", "removed-activity", "another-module-activity" });

        Assert.Equal(30, progress.PointsEarned);
        Assert.Equal(2, progress.ActivitiesDone);
        Assert.False(progress.IsComplete);
    }

    private static CatalogActivity Activity(string id, bool required, int points) => new()
    {
        Id = id,
        Title = id,
        Kind = ActivityKind.Read,
        IsRequired = required,
        Points = points,
        EstimatedMinutes = 5,
        BodyHtml = "<p>Text</p>",
        SourceFile = $"module/{id}.md",
    };
}
