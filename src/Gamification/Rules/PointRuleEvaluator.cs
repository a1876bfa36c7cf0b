using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Rules;

/// <summary>Finds the awards a statement earns under a rule set, before caps and limits.</summary>
public static class PointRuleEvaluator
{
    /// <summary>Returns one candidate per matching rule, keyed on the object activity.</summary>
    public static IReadOnlyList<AwardCandidate> Evaluate(RuleSet rules, GamificationStatement statement)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.ObjectActivityId is not { } activityId || statement.ObjectActivityType is not { } activityType)
        {
            return [];
        }

        var candidates = new List<AwardCandidate>();
        foreach (var rule in rules.PointRules)
        {
            if (!Matches(rules, rule, statement, activityType))
            {
                continue;
            }

            var points = rules.ActivityPoints.TryGetValue(activityId, out var activityPoints) ? activityPoints : rule.Points;
            candidates.Add(new AwardCandidate(rule, activityId, points));
        }

        return candidates;
    }

    private static bool Matches(RuleSet rules, PointRule rule, GamificationStatement statement, string activityType)
    {
        if (!rule.VerbIds.Contains(statement.VerbId, StringComparer.Ordinal)
            || !rule.ActivityTypes.Contains(activityType, StringComparer.Ordinal))
        {
            return false;
        }

        if (rule.RequireSuccess && statement.Success != true)
        {
            return false;
        }

        if (!rule.RequireMastery)
        {
            return true;
        }

        // The tool marks success at the mastery score of the activity itself (75% for a catalog
        // quiz that sets it). A district floor, when set, applies on top of it.
        return statement.Success == true
            && (rules.MasteryScaledScore is not { } floor || (statement.ScoreScaled is { } score && score >= floor));
    }
}
