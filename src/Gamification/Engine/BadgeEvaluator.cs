using LtiPd.Gamification.Data;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Streaks;

namespace LtiPd.Gamification.Engine;

/// <summary>Awards every badge whose criterion the teacher's history now meets. Badges are never taken back.</summary>
internal sealed class BadgeEvaluator
{
    private const string EvidenceRule = "evidence";
    private const string ModuleRule = "module";

    private readonly AwardStatementBuilder _statements;
    private readonly Func<string, string?>? _moduleTopic;

    public BadgeEvaluator(AwardStatementBuilder statements, Func<string, string?>? moduleTopic = null)
    {
        _statements = statements;
        _moduleTopic = moduleTopic;
    }

    public async Task AwardEarnedBadgesAsync(LedgerSession session, RuleSet rules, AwardContext context, int total, int level, long position, long nowMs)
    {
        if (rules.Badges.Count == 0)
        {
            return;
        }

        var held = await session.BadgeIdsAsync(context.TenantId, context.UserId);
        var history = new Lazy<Task<History>>(() => LoadHistoryAsync(session, rules, context));
        foreach (var badge in rules.Badges.Where(badge => !held.Contains(badge.Id)))
        {
            var value = badge.Criterion switch
            {
                BadgeCriterion.PointsTotal => total,
                BadgeCriterion.LevelReached => level,
                BadgeCriterion.ModulesCompleted => CountModules(badge, (await history.Value).Modules),
                BadgeCriterion.EvidenceApproved => (await history.Value).EvidenceCount,
                BadgeCriterion.StreakWeeks => (await history.Value).StreakWeeks,
                BadgeCriterion.ChallengesWon => CountChallenges(badge, (await history.Value).ChallengesWon),
                BadgeCriterion.ModulesCompletedInTopic => CountTopic(badge, (await history.Value).Modules),
            };
            if (value < badge.Threshold)
            {
                continue;
            }

            if (await session.InsertBadgeAsync(context.TenantId, context.UserId, badge.Id, context.AwardedAt.ToUnixTimeMilliseconds(), context.SourceStatementId, position, badge.CriteriaNarrative))
            {
                var output = _statements.Badge(context, badge);
                await session.InsertOutboxAsync(context.TenantId, output.Id, output.Kind, context.UserId, output.Json, nowMs);
            }
        }
    }

    private static int CountModules(BadgeDefinition badge, IReadOnlyList<string> modules) =>
        badge.ActivityIds.Count == 0
            ? modules.Count
            : modules.Count(module => badge.ActivityIds.Contains(module, StringComparer.Ordinal));

    // A challenge's own badge lists its challenge id, so only a win of that challenge earns it.
    private static int CountChallenges(BadgeDefinition badge, IReadOnlyList<string> won) =>
        badge.ActivityIds.Count == 0
            ? won.Count
            : won.Count(challenge => badge.ActivityIds.Contains(challenge, StringComparer.Ordinal));

    private int CountTopic(BadgeDefinition badge, IReadOnlyList<string> modules) =>
        _moduleTopic is null || string.IsNullOrWhiteSpace(badge.Topic)
            ? 0
            : modules.Count(module => string.Equals(_moduleTopic(module), badge.Topic, StringComparison.OrdinalIgnoreCase));

    private static async Task<History> LoadHistoryAsync(LedgerSession session, RuleSet rules, AwardContext context)
    {
        var modules = await session.CountedItemsAsync(context.TenantId, context.UserId, ModuleRule);
        var evidence = await session.CountedItemsAsync(context.TenantId, context.UserId, EvidenceRule);
        var meaningful = rules.PointRules.Where(rule => rule.Meaningful).Select(rule => rule.Key).ToList();
        var activeDays = await session.ActiveDaysAsync(context.TenantId, context.UserId, meaningful);
        var pauses = await session.PauseWeeksAsync(context.TenantId, context.UserId);
        var streak = StreakCalculator.Compute(rules, activeDays, pauses, rules.LocalDay(context.AwardedAt));
        var won = await session.ChallengesWonAsync(context.TenantId, context.UserId);
        return new History(modules, evidence.Count, streak, won);
    }

    private sealed record History(IReadOnlyList<string> Modules, int EvidenceCount, int StreakWeeks, IReadOnlyList<string> ChallengesWon);
}
