namespace LtiPd.Gamification.Badges;

/// <summary>A badge a teacher earned, with what a credential about it needs.</summary>
/// <param name="TenantId">The district.</param>
/// <param name="UserId">The teacher's user id.</param>
/// <param name="HomePage">The teacher's account home page.</param>
/// <param name="AccountName">The teacher's account name.</param>
/// <param name="Badge">The badge definition.</param>
/// <param name="AwardedAt">When the badge was earned: for a challenge badge, when the challenge's winners were decided.</param>
/// <param name="Activity">The period of the activity the badge recognizes, or null when it recognizes no one period.</param>
public sealed record BadgeAward(
    string TenantId, string UserId, string HomePage, string AccountName, Rules.BadgeDefinition Badge, DateTimeOffset AwardedAt, BadgeActivityPeriod? Activity = null);
