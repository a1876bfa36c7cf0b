using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>Levels, badges, streak inputs, challenges and output statements.</summary>
internal sealed partial class LedgerSession
{
    private static readonly SqlText MaxLevelSql = SqlText.Portable(
        "SELECT COALESCE(MAX(level), 1) FROM gamification_levels WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText InsertLevelSql = SqlBuilder.InsertIfAbsent(
        "gamification_levels",
        ["tenant_id", "user_id", "level", "reached_at_ms", "source_statement_id", "position"],
        ["tenant_id", "user_id", "level"]);

    private static readonly SqlText BadgeIdsSql = SqlText.Portable(
        "SELECT badge_id FROM gamification_badges WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText InsertBadgeSql = SqlBuilder.InsertIfAbsent(
        "gamification_badges",
        ["tenant_id", "user_id", "badge_id", "awarded_at_ms", "source_statement_id", "position", "narrative"],
        ["tenant_id", "user_id", "badge_id"]);

    private static readonly SqlText BadgeAwardedAtSql = SqlText.Portable(
        "SELECT awarded_at_ms FROM gamification_badges WHERE tenant_id = @TenantId AND user_id = @UserId AND badge_id = @BadgeId");

    private static readonly SqlText CountedItemsSql = SqlText.Portable(
        $"SELECT l.item_id FROM gamification_ledger l WHERE l.tenant_id = @TenantId AND l.user_id = @UserId AND l.rule_key = @RuleKey " +
        $"AND l.status = 'counted' AND l.reverses_award_key IS NULL AND {NotReversed}");

    private const string ActiveDaysQuery =
        "SELECT DISTINCT l.local_day FROM gamification_ledger l WHERE l.tenant_id = @TenantId AND l.user_id = @UserId " +
        $"AND l.reverses_award_key IS NULL AND l.status <> 'rejected' AND {NotReversed} AND l.rule_key ";

    // Dapper expands "IN @list" into one parameter per item, except for Npgsql, which takes the
    // list as one array parameter and so needs "= ANY(@list)".
    private static readonly SqlText ActiveDaysSql = SqlText.PerProvider(
        ActiveDaysQuery + "IN @RuleKeys",
        ActiveDaysQuery + "= ANY(@RuleKeys)",
        ActiveDaysQuery + "IN @RuleKeys");

    private static readonly SqlText PauseWeeksSql = SqlText.Portable(
        "SELECT week_start_day FROM gamification_streak_pauses WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText InsertPauseSql = SqlBuilder.InsertIfAbsent(
        "gamification_streak_pauses",
        ["tenant_id", "user_id", "week_start_day", "created_at_ms"],
        ["tenant_id", "user_id", "week_start_day"]);

    private static readonly SqlText ChallengesWonSql = SqlText.Portable(
        "SELECT challenge_id FROM gamification_challenge_winners WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText InsertOutboxSql = SqlBuilder.InsertIfAbsent(
        "gamification_outbox",
        ["tenant_id", "statement_id", "kind", "user_id", "payload", "created_at_ms"],
        ["tenant_id", "statement_id"]);

    public Task<int> MaxLevelAsync(string tenantId, string userId) =>
        ScalarAsync<int>(MaxLevelSql, new { TenantId = tenantId, UserId = userId });

    public async Task<bool> InsertLevelAsync(string tenantId, string userId, int level, long reachedAtMs, string? sourceStatementId, long position) =>
        await ExecuteAsync(InsertLevelSql, new
        {
            TenantId = tenantId, UserId = userId, Level = level, ReachedAtMs = reachedAtMs,
            SourceStatementId = sourceStatementId, Position = position,
        }) == 1;

    public async Task<IReadOnlySet<string>> BadgeIdsAsync(string tenantId, string userId) =>
        (await QueryAsync<string>(BadgeIdsSql, new { TenantId = tenantId, UserId = userId })).ToHashSet(StringComparer.Ordinal);

    public async Task<bool> InsertBadgeAsync(string tenantId, string userId, string badgeId, long awardedAtMs, string? sourceStatementId, long position, string narrative) =>
        await ExecuteAsync(InsertBadgeSql, new
        {
            TenantId = tenantId, UserId = userId, BadgeId = badgeId, AwardedAtMs = awardedAtMs,
            SourceStatementId = sourceStatementId, Position = position, Narrative = narrative,
        }) == 1;

    public async Task<long?> BadgeAwardedAtAsync(string tenantId, string userId, string badgeId) =>
        (await QueryAsync<long?>(BadgeAwardedAtSql, new { TenantId = tenantId, UserId = userId, BadgeId = badgeId })).FirstOrDefault();

    public async Task<IReadOnlyList<string>> CountedItemsAsync(string tenantId, string userId, string ruleKey) =>
        (await QueryAsync<string>(CountedItemsSql, new { TenantId = tenantId, UserId = userId, RuleKey = ruleKey })).ToList();

    public async Task<IReadOnlyList<int>> ActiveDaysAsync(string tenantId, string userId, IReadOnlyList<string> ruleKeys) =>
        (await QueryAsync<int>(ActiveDaysSql, new { TenantId = tenantId, UserId = userId, RuleKeys = ruleKeys.ToArray() })).ToList();

    public async Task<IReadOnlyList<int>> PauseWeeksAsync(string tenantId, string userId) =>
        (await QueryAsync<int>(PauseWeeksSql, new { TenantId = tenantId, UserId = userId })).ToList();

    public async Task<bool> InsertPauseAsync(string tenantId, string userId, int weekStartDay, long nowMs) =>
        await ExecuteAsync(InsertPauseSql, new { TenantId = tenantId, UserId = userId, WeekStartDay = weekStartDay, CreatedAtMs = nowMs }) == 1;

    public async Task<IReadOnlyList<string>> ChallengesWonAsync(string tenantId, string userId) =>
        (await QueryAsync<string>(ChallengesWonSql, new { TenantId = tenantId, UserId = userId })).ToList();

    public Task<int> InsertOutboxAsync(string tenantId, Guid statementId, string kind, string userId, string payload, long nowMs) =>
        ExecuteAsync(InsertOutboxSql, new
        {
            TenantId = tenantId, StatementId = statementId.ToString("D"), Kind = kind, UserId = userId,
            Payload = payload, CreatedAtMs = nowMs,
        });
}
