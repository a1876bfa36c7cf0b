using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>Rule sets, decisions, audit rows, standings and the reset before a rebuild.</summary>
internal sealed partial class LedgerSession
{
    private static readonly SqlText CurrentRulesSql = SqlText.Portable(
        "SELECT rules_json FROM gamification_rule_sets WHERE tenant_id = @TenantId AND version = " +
        "(SELECT MAX(version) FROM gamification_rule_sets WHERE tenant_id = @TenantId)");

    private static readonly SqlText MaxRuleVersionSql = SqlText.Portable(
        "SELECT COALESCE(MAX(version), 0) FROM gamification_rule_sets WHERE tenant_id = @TenantId");

    private static readonly SqlText InsertRulesSql = SqlText.Portable(
        "INSERT INTO gamification_rule_sets (tenant_id, version, rules_json, created_by, created_at_ms) " +
        "VALUES (@TenantId, @Version, @RulesJson, @CreatedBy, @CreatedAtMs)");

    private static readonly SqlText InsertDecisionSql = SqlBuilder.InsertIfAbsent(
        "gamification_decisions",
        ["tenant_id", "decision_id", "award_key", "decision", "decided_by", "reason", "after_position", "decided_at_ms"],
        ["tenant_id", "award_key", "decision"]);

    private static readonly SqlText LoadDecisionsSql = SqlText.Portable(
        "SELECT decision_id AS DecisionId, award_key AS AwardKey, decision AS Decision, decided_by AS DecidedBy, reason AS Reason, " +
        "after_position AS AfterPosition, decided_at_ms AS DecidedAtMs FROM gamification_decisions WHERE tenant_id = @TenantId " +
        "ORDER BY after_position, decided_at_ms, decision_id");

    private static readonly SqlText InsertAuditSql = SqlText.Portable(
        "INSERT INTO gamification_audit (tenant_id, audit_id, action, actor, award_key, detail, at_ms) " +
        "VALUES (@TenantId, @AuditId, @Action, @Actor, @AwardKey, @Detail, @AtMs)");

    private static readonly SqlText LoadAuditSql = SqlText.Portable(
        "SELECT audit_id AS AuditId, action AS Action, actor AS Actor, award_key AS AwardKey, detail AS Detail, at_ms AS AtMs " +
        "FROM gamification_audit WHERE tenant_id = @TenantId ORDER BY at_ms, audit_id");

    private static readonly SqlText PointsByUserSql = SqlText.Portable(
        "SELECT user_id AS UserId, CAST(SUM(CASE WHEN status = 'counted' THEN points ELSE 0 END) AS BIGINT) AS Points " +
        "FROM gamification_ledger WHERE tenant_id = @TenantId GROUP BY user_id");

    private static readonly SqlText LevelsByUserSql = SqlText.Portable(
        "SELECT user_id AS UserId, CAST(MAX(level) AS BIGINT) AS Level FROM gamification_levels WHERE tenant_id = @TenantId GROUP BY user_id");

    private static readonly SqlText BadgesByUserSql = SqlText.Portable(
        "SELECT user_id AS UserId, badge_id AS BadgeId FROM gamification_badges WHERE tenant_id = @TenantId");

    private static readonly SqlText ParticipantAccountSql = SqlText.Portable(
        "SELECT home_page AS HomePage, account_name AS AccountName FROM gamification_participants WHERE tenant_id = @TenantId AND user_id = @UserId");

    private static readonly SqlText HeldSql = SqlText.Portable(
        $"SELECT {LedgerColumns} FROM gamification_ledger l WHERE l.tenant_id = @TenantId AND l.status = 'held' AND {NotReversed} " +
        "ORDER BY l.position, l.award_key");

    private const string RecentQuery =
        $"SELECT {LedgerColumns}, CASE WHEN {NotReversed} THEN 0 ELSE 1 END AS Reversed FROM gamification_ledger l " +
        "WHERE l.tenant_id = @TenantId ORDER BY l.position DESC, l.award_key";

    private static readonly SqlText RecentSql = SqlText.PerProvider(
        RecentQuery + " LIMIT @Limit", RecentQuery + " LIMIT @Limit", RecentQuery + " OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY");

    private static readonly SqlText ReadCheckpointSql = SqlText.Portable(
        "SELECT watermark FROM gamification_checkpoints WHERE source_name = @SourceName");

    private static readonly SqlText UpdateCheckpointSql = SqlText.Portable(
        "UPDATE gamification_checkpoints SET watermark = @Watermark, updated_at_ms = @UpdatedAtMs WHERE source_name = @SourceName");

    private static readonly SqlText InsertCheckpointSql = SqlBuilder.InsertIfAbsent(
        "gamification_checkpoints", ["source_name", "watermark", "updated_at_ms"], ["source_name"]);

    private static readonly string[] DerivedTables =
        ["gamification_ledger", "gamification_levels", "gamification_badges", "gamification_voided", "gamification_standings", "gamification_standing_counts",
            "gamification_capped_points"];

    public async Task<string?> CurrentRulesJsonAsync(string tenantId) =>
        (await QueryAsync<string>(CurrentRulesSql, new { TenantId = tenantId })).FirstOrDefault();

    public async Task<int> SaveRulesAsync(string tenantId, string rulesJson, string createdBy, long nowMs)
    {
        var version = (int)await ScalarAsync<long>(MaxRuleVersionSql, new { TenantId = tenantId }) + 1;
        await ExecuteAsync(InsertRulesSql, new { TenantId = tenantId, Version = version, RulesJson = rulesJson, CreatedBy = createdBy, CreatedAtMs = nowMs });
        return version;
    }

    public async Task<bool> InsertDecisionAsync(string tenantId, DecisionRow decision) =>
        await ExecuteAsync(InsertDecisionSql, new
        {
            TenantId = tenantId, decision.DecisionId, decision.AwardKey, decision.Decision, decision.DecidedBy,
            decision.Reason, decision.AfterPosition, decision.DecidedAtMs,
        }) == 1;

    public async Task<IReadOnlyList<DecisionRow>> LoadDecisionsAsync(string tenantId) =>
        (await QueryAsync<DecisionRow>(LoadDecisionsSql, new { TenantId = tenantId })).ToList();

    public Task<int> InsertAuditAsync(string tenantId, string action, string actor, string? awardKey, string detail, long nowMs) =>
        ExecuteAsync(InsertAuditSql, new
        {
            TenantId = tenantId, AuditId = Guid.NewGuid().ToString("D"), Action = action, Actor = actor,
            AwardKey = awardKey, Detail = detail, AtMs = nowMs,
        });

    public async Task<IReadOnlyList<AuditRow>> LoadAuditAsync(string tenantId) =>
        (await QueryAsync<AuditRow>(LoadAuditSql, new { TenantId = tenantId })).ToList();

    public async Task<IReadOnlyList<(string UserId, int Points)>> PointsByUserAsync(string tenantId) =>
        (await QueryAsync<(string UserId, long Points)>(PointsByUserSql, new { TenantId = tenantId }))
            .Select(row => (row.UserId, (int)row.Points)).ToList();

    public async Task<IReadOnlyDictionary<string, int>> LevelsByUserAsync(string tenantId) =>
        (await QueryAsync<(string UserId, long Level)>(LevelsByUserSql, new { TenantId = tenantId }))
            .ToDictionary(row => row.UserId, row => (int)row.Level, StringComparer.Ordinal);

    public async Task<ILookup<string, string>> BadgesByUserAsync(string tenantId) =>
        (await QueryAsync<(string UserId, string BadgeId)>(BadgesByUserSql, new { TenantId = tenantId }))
            .ToLookup(row => row.UserId, row => row.BadgeId, StringComparer.Ordinal);

    /// <summary>
    /// Deletes every row the engine derives from statements for the tenant. Statements, decisions,
    /// audit rows, participants and the outbox stay: a replay rebuilds the rest from them.
    /// </summary>
    public async Task DeleteDerivedAsync(string tenantId)
    {
        foreach (var table in DerivedTables)
        {
            // The table names come from the constant list above, never from input.
            var sql = SqlText.Portable($"DELETE FROM {table} WHERE tenant_id = @TenantId");
            await ExecuteAsync(sql, new { TenantId = tenantId });
        }
    }

    public async Task<(string HomePage, string AccountName)?> ParticipantAccountAsync(string tenantId, string userId)
    {
        var rows = await QueryAsync<(string HomePage, string AccountName)>(ParticipantAccountSql, new { TenantId = tenantId, UserId = userId });
        return rows.Select(row => ((string, string)?)row).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Points.LedgerEntry>> HeldAsync(string tenantId) =>
        (await QueryAsync<Points.LedgerEntry>(HeldSql, new { TenantId = tenantId })).ToList();

    public async Task<IReadOnlyList<(Points.LedgerEntry Entry, bool Reversed)>> RecentAsync(string tenantId, int limit) =>
        (await QueryAsync<LedgerEntryWithReversal>(RecentSql, new { TenantId = tenantId, Limit = limit }))
            .Select(row => (row.ToEntry(), row.Reversed == 1)).ToList();

    public async Task<string?> ReadCheckpointAsync(string sourceName) =>
        (await QueryAsync<string?>(ReadCheckpointSql, new { SourceName = sourceName })).FirstOrDefault();

    public async Task SaveCheckpointAsync(string sourceName, string? watermark, long nowMs)
    {
        var parameters = new { SourceName = sourceName, Watermark = watermark, UpdatedAtMs = nowMs };
        if (await ExecuteAsync(UpdateCheckpointSql, parameters) == 0 && await ExecuteAsync(InsertCheckpointSql, parameters) == 0)
        {
            // Another engine inserted the row between the two statements.
            await ExecuteAsync(UpdateCheckpointSql, parameters);
        }
    }

    internal sealed record DecisionRow(string DecisionId, string AwardKey, string Decision, string DecidedBy, string Reason, long AfterPosition, long DecidedAtMs);

    internal sealed record AuditRow(string AuditId, string Action, string Actor, string? AwardKey, string Detail, long AtMs);
}
