using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Services.Grades;

namespace LtiPd.LtiTool.Tests.Services;

public sealed class ModuleScoreCalculatorTests
{
    private static readonly CatalogModule Module = new()
    {
        Id = "formative-assessment",
        Title = "Formative assessment",
        Summary = "s",
        Topic = "t",
        Audience = ["teachers"],
        Standards = [],
        EstimatedMinutes = 60,
        CreditHours = 1,
        PointsToComplete = 40,
        Activities =
        [
            Activity("intro", required: true, points: 20),
            Activity("extra", required: false, points: 20),
            Activity("more", required: false, points: 20),
        ],
        ManifestFile = "module.yaml",
    };

    [Fact]
    public void Calculate_PartlyDone_InProgressFullyGraded()
    {
        var score = ModuleScoreCalculator.Calculate(Module, Progress("intro"), EvidenceReview.None);

        Assert.Equal(new ModuleScore(20, 40, "InProgress", "FullyGraded", null), score);
    }

    [Fact]
    public void Calculate_ElectivesBeyondThreshold_CappedAtMaximum()
    {
        var score = ModuleScoreCalculator.Calculate(Module, Progress("intro", "extra", "more"), EvidenceReview.None);

        Assert.Equal(new ModuleScore(40, 40, "Completed", "FullyGraded", null), score);
    }

    [Fact]
    public void Calculate_EvidenceAwaitingReview_PendingManual()
    {
        var score = ModuleScoreCalculator.Calculate(Module, Progress("intro"), new EvidenceReview(EvidenceStatus.AwaitingReview, null));

        Assert.Equal("Submitted", score.ActivityProgress);
        Assert.Equal("PendingManual", score.GradingProgress);
        Assert.Null(score.Comment);
    }

    [Fact]
    public void Calculate_EvidenceApproved_FullyGradedWithComment()
    {
        var score = ModuleScoreCalculator.Calculate(Module, Progress("intro", "extra"), new EvidenceReview(EvidenceStatus.Approved, "Clear plan."));

        Assert.Equal(new ModuleScore(40, 40, "Completed", "FullyGraded", "Clear plan."), score);
    }

    [Fact]
    public void Calculate_EvidenceReturned_InProgressWithComment()
    {
        var score = ModuleScoreCalculator.Calculate(Module, Progress("intro"), new EvidenceReview(EvidenceStatus.Returned, "Add a student sample."));

        Assert.Equal(new ModuleScore(20, 40, "InProgress", "FullyGraded", "Add a student sample."), score);
    }

    [Fact]
    public void Calculate_CompleteElectiveReturned_StaysCompleted()
    {
        var score = ModuleScoreCalculator.Calculate(Module, Progress("intro", "extra"), new EvidenceReview(EvidenceStatus.Returned, "Add a student sample."));

        Assert.Equal(new ModuleScore(40, 40, "Completed", "FullyGraded", "Add a student sample."), score);
    }

    [Fact]
    public void Calculate_CompleteElectiveAwaitingReview_StaysCompleted()
    {
        var score = ModuleScoreCalculator.Calculate(Module, Progress("intro", "extra"), new EvidenceReview(EvidenceStatus.AwaitingReview, null));

        Assert.Equal(new ModuleScore(40, 40, "Completed", "FullyGraded", null), score);
    }

    private static ModuleProgress Progress(params string[] done) => ModuleCompletion.Evaluate(Module, done.ToHashSet(StringComparer.Ordinal));

    private static CatalogActivity Activity(string id, bool required, int points) => new()
    {
        Id = id,
        Title = id,
        Kind = ActivityKind.Read,
        IsRequired = required,
        Points = points,
        EstimatedMinutes = 5,
        BodyHtml = "b",
        SourceFile = id + ".md",
    };
}
