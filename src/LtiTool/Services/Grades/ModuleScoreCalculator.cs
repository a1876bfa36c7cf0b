using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>Derives a module's grade from the learner's progress and the review of their evidence.</summary>
public static class ModuleScoreCalculator
{
    /// <summary>
    /// Returns the score for <paramref name="progress"/> in <paramref name="module"/>. The scale is
    /// the module's points to complete, so a completed module scores 100 %; electives beyond it
    /// add nothing. Evidence waiting for review makes the grade PendingManual. After review the
    /// grade is FullyGraded with the reviewer's comment; returned evidence puts the activity back
    /// to InProgress.
    /// </summary>
    public static ModuleScore Calculate(CatalogModule module, ModuleProgress progress, EvidenceReview evidence)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(evidence);
        var maximum = Math.Max(1, module.PointsToComplete);
        var given = Math.Min(progress.PointsEarned, maximum);

        return evidence.Status switch
        {
            EvidenceStatus.AwaitingReview => new ModuleScore(given, maximum, "Submitted", "PendingManual", null),
            EvidenceStatus.Returned => new ModuleScore(given, maximum, "InProgress", "FullyGraded", evidence.ReviewerComment),
            EvidenceStatus.Approved => new ModuleScore(given, maximum, progress.IsComplete ? "Completed" : "InProgress", "FullyGraded", evidence.ReviewerComment),
            EvidenceStatus.None => new ModuleScore(given, maximum, progress.IsComplete ? "Completed" : "InProgress", "FullyGraded", null),
        };
    }
}
