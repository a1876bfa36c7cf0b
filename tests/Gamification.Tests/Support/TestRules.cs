using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Tests.Support;

public static class TestRules
{
    /// <summary>The default rules plus one badge of each criterion.</summary>
    public static RuleSet WithBadges() => RuleSet.Default with
    {
        Badges =
        [
            Badge("points-100", BadgeCriterion.PointsTotal, 100),
            Badge("level-3", BadgeCriterion.LevelReached, 3),
            Badge("two-modules", BadgeCriterion.ModulesCompleted, 2),
            Badge("evidence-2", BadgeCriterion.EvidenceApproved, 2),
            Badge("streak-2", BadgeCriterion.StreakWeeks, 2),
            Badge("challenge-1", BadgeCriterion.ChallengesWon, 1),
        ],
    };

    public static BadgeDefinition Badge(string id, BadgeCriterion criterion, int threshold) => new()
    {
        Id = id,
        Name = $"Badge {id}",
        Description = $"Awarded for {criterion} of {threshold}.",
        CriteriaNarrative = $"Reach {threshold} in {criterion}.",
        Criterion = criterion,
        Threshold = threshold,
    };
}
