using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>Derives a module's grade from the learner's progress and the review of their evidence.</summary>
public static class ModuleScoreCalculator
{
    /// <summary>
    /// Returns the score for <paramref name="progress"/> in <paramref name="module"/>. The scale is
    /// the module's points to complete, so a completed module scores 100 %; electives beyond it
    /// add nothing. A completed module stays Completed and FullyGraded whatever happens to its
    /// elective evidence. Before completion, evidence waiting for review makes the grade
    /// PendingManual, and after review the grade is FullyGraded with the reviewer's comment.
    /// Returned evidence keeps the activity InProgress.
    /// </summary>
    public static ModuleScore Calculate(CatalogModule module, ModuleProgress progress, EvidenceReview evidence)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(evidence);
        var maximum = Math.Max(1, module.PointsToComplete);
        var given = Math.Min(progress.PointsEarned, maximum);

        if (progress.IsComplete)
        {
            // Every required activity is done, so evidence still waiting or returned belongs to
            // an elective. Its review can no longer change the score or the completion.
            var comment = evidence.Status == EvidenceStatus.AwaitingReview ? null : evidence.ReviewerComment;
            return new ModuleScore(given, maximum, "Completed", "FullyGraded", comment);
        }

        return evidence.Status switch
        {
            EvidenceStatus.AwaitingReview => new ModuleScore(given, maximum, "Submitted", "PendingManual", null),
            EvidenceStatus.Returned => new ModuleScore(given, maximum, "InProgress", "FullyGraded", evidence.ReviewerComment),
            EvidenceStatus.Approved => new ModuleScore(given, maximum, "InProgress", "FullyGraded", evidence.ReviewerComment),
            EvidenceStatus.None => new ModuleScore(given, maximum, "InProgress", "FullyGraded", null),
        };
    }
}
