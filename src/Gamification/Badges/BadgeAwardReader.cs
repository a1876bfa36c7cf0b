using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Badges;

/// <summary>Loads an earned badge with what an Open Badges credential about it needs.</summary>
public sealed class BadgeAwardReader
{
    private readonly GamificationEngine _engine;

    /// <summary>Creates the reader over <paramref name="engine"/>'s database.</summary>
    public BadgeAwardReader(GamificationEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Returns the award, or not-found when the teacher has not earned the badge in the tenant.</summary>
    public Task<GamificationResult<BadgeAward>> GetAsync(string tenantId, string userId, string badgeId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(badgeId);
        return _engine.InTransactionAsync(
            async session =>
            {
                var awardedAtMs = await session.BadgeAwardedAtAsync(tenantId, userId, badgeId);
                var account = await session.ParticipantAccountAsync(tenantId, userId);
                var rules = await GamificationEngine.LoadRulesAsync(session, tenantId);
                var badge = rules.Badges.FirstOrDefault(definition => definition.Id == badgeId);
                if (awardedAtMs is null || account is null || badge is null)
                {
                    return new GamificationResult<BadgeAward>(new NotFoundError(
                        3701, $"Badge '{badgeId}' was not earned by user '{userId}' in tenant '{tenantId}', or the district no longer defines it."));
                }

                return new GamificationResult<BadgeAward>(new BadgeAward(
                    tenantId, userId, account.Value.HomePage, account.Value.AccountName, badge,
                    DateTimeOffset.FromUnixTimeMilliseconds(awardedAtMs.Value), await ChallengePeriodAsync(session, rules, tenantId, badge)));
            },
            cancellationToken);
    }

    // A challenge's own badge names its one challenge, whose window is the period it recognizes.
    // A district badge for wins of several challenges recognizes no one period.
    private static async Task<BadgeActivityPeriod?> ChallengePeriodAsync(LedgerSession session, RuleSet rules, string tenantId, BadgeDefinition badge)
    {
        if (badge.Criterion != BadgeCriterion.ChallengesWon || badge.ActivityIds is not [var challengeId])
        {
            return null;
        }

        var rows = await session.QueryAsync<ChallengeSql.Row>(ChallengeSql.GetChallenge, new { TenantId = tenantId, ChallengeId = challengeId });
        if (rows.SingleOrDefault()?.ToDefinition() is not { } challenge)
        {
            return null;
        }

        return new BadgeActivityPeriod(rules.LocalDay(challenge.StartsAt), ChallengeService.LastDay(rules, challenge));
    }
}
