using System.Data.Common;
using Dapper;
using LtiPd.Gamification.Participants;
using LtiPd.Gamification.Points;
using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>
/// The engine's reads and writes inside one database transaction. Every statement filters on
/// the tenant; every insert that could repeat is insert-if-absent on its unique key.
/// </summary>
internal sealed partial class LedgerSession
{
    private const string NotReversed =
        "NOT EXISTS (SELECT 1 FROM gamification_ledger r WHERE r.tenant_id = l.tenant_id AND r.reverses_award_key = l.award_key)";

    private const string LedgerColumns =
        "l.tenant_id AS TenantId, l.award_key AS AwardKey, l.user_id AS UserId, l.rule_key AS RuleKey, l.item_id AS ItemId, " +
        "l.points AS Points, l.status AS Status, l.capped AS Capped, l.reason AS Reason, l.source_statement_id AS SourceStatementId, " +
        "l.reverses_award_key AS ReversesAwardKey, l.course_id AS CourseId, l.school_id AS SchoolId, l.local_day AS LocalDay, " +
        "l.awarded_at_ms AS AwardedAtMs, l.position AS Position, l.recorded_at_ms AS RecordedAtMs";

    private static readonly SqlText NextPositionSql = SqlText.Portable(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM gamification_statements WHERE tenant_id = @TenantId");

    private static readonly SqlText InsertStatementSql = SqlBuilder.InsertIfAbsent(
        "gamification_statements",
        ["tenant_id", "statement_id", "position", "stored_at_ms", "user_id", "payload", "processed_at_ms"],
        ["tenant_id", "statement_id"]);

    private static readonly SqlText LoadStatementsSql = SqlText.Portable(
        "SELECT position AS Position, payload AS Payload FROM gamification_statements WHERE tenant_id = @TenantId ORDER BY position");

    private static readonly SqlText StatementActorSql = SqlText.Portable(
        "SELECT p.home_page AS HomePage, p.account_name AS AccountName FROM gamification_statements s " +
        "JOIN gamification_participants p ON p.tenant_id = s.tenant_id AND p.user_id = s.user_id " +
        "WHERE s.tenant_id = @TenantId AND s.statement_id = @StatementId");

    private static readonly SqlText InsertParticipantSql = SqlBuilder.InsertIfAbsent(
        "gamification_participants",
        ["tenant_id", "user_id", "home_page", "account_name", "role", "leaderboard_opt_in", "school_id", "updated_at_ms"],
        ["tenant_id", "user_id"]);

    private static readonly SqlText FillParticipantSchoolSql = SqlText.Portable(
        "UPDATE gamification_participants SET school_id = @SchoolId, updated_at_ms = @UpdatedAtMs WHERE tenant_id = @TenantId AND user_id = @UserId AND school_id IS NULL");

    private static readonly SqlText InsertVoidedSql = SqlBuilder.InsertIfAbsent(
        "gamification_voided",
        ["tenant_id", "statement_id", "voiding_statement_id", "recorded_at_ms"],
        ["tenant_id", "statement_id"]);

    private static readonly SqlText IsVoidedSql = SqlText.Portable(
        "SELECT COUNT(*) FROM gamification_voided WHERE tenant_id = @TenantId AND statement_id = @StatementId");

    private static readonly SqlText AwardsFromStatementSql = SqlText.Portable(
        $"SELECT {LedgerColumns} FROM gamification_ledger l WHERE l.tenant_id = @TenantId AND l.source_statement_id = @StatementId " +
        $"AND l.reverses_award_key IS NULL AND {NotReversed} ORDER BY l.award_key");

    private static readonly SqlText GetAwardSql = SqlText.Portable(
        $"SELECT {LedgerColumns}, CASE WHEN {NotReversed} THEN 0 ELSE 1 END AS Reversed FROM gamification_ledger l WHERE l.tenant_id = @TenantId AND l.award_key = @AwardKey");

    private static readonly SqlText LedgerForUserSql = SqlText.Portable(
        $"SELECT {LedgerColumns} FROM gamification_ledger l WHERE l.tenant_id = @TenantId AND l.user_id = @UserId ORDER BY l.position, l.rule_key, l.award_key");

    private static readonly SqlText LedgerForTenantSql = SqlText.Portable(
        $"SELECT {LedgerColumns} FROM gamification_ledger l WHERE l.tenant_id = @TenantId ORDER BY l.position, l.user_id, l.rule_key, l.award_key");

    private static readonly SqlText AwardExistsSql = SqlText.Portable(
        "SELECT COUNT(*) FROM gamification_ledger WHERE tenant_id = @TenantId AND award_key = @AwardKey");

    private static readonly SqlText CappedPointsOnDaySql = SqlText.Portable(
        "SELECT COALESCE(SUM(points), 0) FROM gamification_capped_points WHERE tenant_id = @TenantId AND user_id = @UserId AND local_day = @LocalDay");

    private static readonly SqlText AwardCountSinceSql = SqlText.Portable(
        "SELECT COUNT(*) FROM gamification_ledger WHERE tenant_id = @TenantId AND user_id = @UserId " +
        "AND awarded_at_ms > @SinceMs AND reverses_award_key IS NULL");

    private static readonly SqlText InsertLedgerSql = SqlBuilder.InsertIfAbsent(
        "gamification_ledger",
        ["tenant_id", "award_key", "user_id", "rule_key", "item_id", "points", "status", "capped", "reason", "source_statement_id",
            "reverses_award_key", "course_id", "school_id", "local_day", "awarded_at_ms", "position", "recorded_at_ms"],
        ["tenant_id", "award_key"]);

    private static readonly SqlText SetStatusSql = SqlText.Portable(
        "UPDATE gamification_ledger SET status = @Status WHERE tenant_id = @TenantId AND award_key = @AwardKey");

    private static readonly SqlText TotalPointsSql = SqlText.Portable(
        "SELECT COALESCE(SUM(points), 0) FROM gamification_ledger WHERE tenant_id = @TenantId AND user_id = @UserId AND status = 'counted'");

    private readonly Database _database;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly CancellationToken _cancellationToken;

    public LedgerSession(Database database, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        _database = database;
        _connection = connection;
        _transaction = transaction;
        _cancellationToken = cancellationToken;
    }

    public DatabaseProvider Provider => _database.Provider;

    public Task<long> NextPositionAsync(string tenantId) =>
        ScalarAsync<long>(NextPositionSql, new { TenantId = tenantId });

    public async Task<bool> InsertStatementAsync(string tenantId, string statementId, long position, long storedAtMs, string userId, string payload, long nowMs) =>
        await ExecuteAsync(InsertStatementSql, new
        {
            TenantId = tenantId, StatementId = statementId, Position = position, StoredAtMs = storedAtMs,
            UserId = userId, Payload = payload, ProcessedAtMs = nowMs,
        }) == 1;

    public async Task<IReadOnlyList<StoredStatementRow>> LoadStatementsAsync(string tenantId) =>
        (await QueryAsync<StoredStatementRow>(LoadStatementsSql, new { TenantId = tenantId })).ToList();

    /// <summary>Returns the account of the actor of a statement the engine already processed, or null.</summary>
    public async Task<(string HomePage, string AccountName)?> StatementActorAsync(string tenantId, string statementId)
    {
        var rows = await QueryAsync<StatementActorRow>(StatementActorSql, new { TenantId = tenantId, StatementId = statementId });
        return rows.FirstOrDefault() is { } row ? (row.HomePage, row.AccountName) : null;
    }

    public async Task EnsureParticipantAsync(string tenantId, string userId, string homePage, string accountName, string? schoolId, long nowMs)
    {
        var parameters = new
        {
            TenantId = tenantId, UserId = userId, HomePage = homePage, AccountName = accountName,
            Role = ParticipantRole.Teacher, LeaderboardOptIn = 0, SchoolId = schoolId, UpdatedAtMs = nowMs,
        };
        var inserted = await ExecuteAsync(InsertParticipantSql, parameters);
        if (inserted == 0 && schoolId is not null)
        {
            await ExecuteAsync(FillParticipantSchoolSql, parameters);
        }
    }

    public Task<int> InsertVoidedAsync(string tenantId, string statementId, string voidingStatementId, long nowMs) =>
        ExecuteAsync(InsertVoidedSql, new { TenantId = tenantId, StatementId = statementId, VoidingStatementId = voidingStatementId, RecordedAtMs = nowMs });

    public async Task<bool> IsVoidedAsync(string tenantId, string statementId) =>
        await ScalarAsync<long>(IsVoidedSql, new { TenantId = tenantId, StatementId = statementId }) > 0;

    public async Task<IReadOnlyList<LedgerEntry>> AwardsFromStatementAsync(string tenantId, string statementId) =>
        (await QueryAsync<LedgerEntry>(AwardsFromStatementSql, new { TenantId = tenantId, StatementId = statementId })).ToList();

    public async Task<(LedgerEntry Entry, bool Reversed)?> GetAwardAsync(string tenantId, string awardKey)
    {
        var row = (await QueryAsync<LedgerEntryWithReversal>(GetAwardSql, new { TenantId = tenantId, AwardKey = awardKey })).FirstOrDefault();
        return row is null ? null : (row.ToEntry(), row.Reversed == 1);
    }

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string tenantId, string? userId) =>
        userId is null
            ? (await QueryAsync<LedgerEntry>(LedgerForTenantSql, new { TenantId = tenantId })).ToList()
            : (await QueryAsync<LedgerEntry>(LedgerForUserSql, new { TenantId = tenantId, UserId = userId })).ToList();

    public async Task<bool> AwardExistsAsync(string tenantId, string awardKey) =>
        await ScalarAsync<long>(AwardExistsSql, new { TenantId = tenantId, AwardKey = awardKey }) > 0;

    public async Task<int> CappedPointsOnDayAsync(string tenantId, string userId, int localDay) =>
        (int)await ScalarAsync<long>(CappedPointsOnDaySql, new { TenantId = tenantId, UserId = userId, LocalDay = localDay });

    public async Task<int> AwardCountSinceAsync(string tenantId, string userId, long sinceMs) =>
        (int)await ScalarAsync<long>(AwardCountSinceSql, new { TenantId = tenantId, UserId = userId, SinceMs = sinceMs });

    /// <summary>Inserts a ledger row if its key is absent and counts a capped award against its day; returns whether it inserted.</summary>
    public async Task<bool> InsertLedgerAsync(LedgerEntry entry)
    {
        var inserted = await ExecuteAsync(InsertLedgerSql, new
        {
            entry.TenantId, entry.AwardKey, entry.UserId, entry.RuleKey, entry.ItemId, entry.Points, entry.Status,
            Capped = entry.Capped ? 1 : 0, entry.Reason, entry.SourceStatementId, entry.ReversesAwardKey, entry.CourseId,
            entry.SchoolId, entry.LocalDay, entry.AwardedAtMs, entry.Position, entry.RecordedAtMs,
        }) == 1;
        if (inserted && entry.Capped && entry.ReversesAwardKey is null)
        {
            await AddCappedPointsAsync(entry.TenantId, entry.UserId, entry.LocalDay, entry.Points);
        }

        return inserted;
    }

    public Task<int> SetStatusAsync(string tenantId, string awardKey, string status) =>
        ExecuteAsync(SetStatusSql, new { TenantId = tenantId, AwardKey = awardKey, Status = status });

    public async Task<int> TotalPointsAsync(string tenantId, string userId) =>
        (int)await ScalarAsync<long>(TotalPointsSql, new { TenantId = tenantId, UserId = userId });

    public Task<int> ExecuteAsync(SqlText sql, object parameters) =>
        _connection.ExecuteAsync(_database.Command(sql, parameters, _cancellationToken, _transaction));

    private async Task<T> ScalarAsync<T>(SqlText sql, object parameters) =>
        (await _connection.ExecuteScalarAsync<T>(_database.Command(sql, parameters, _cancellationToken, _transaction)))!;

    public Task<IEnumerable<T>> QueryAsync<T>(SqlText sql, object parameters) =>
        _connection.QueryAsync<T>(_database.Command(sql, parameters, _cancellationToken, _transaction));

    internal sealed record StoredStatementRow(long Position, string Payload);

    private sealed class StatementActorRow
    {
        public string HomePage { get; set; } = "";

        public string AccountName { get; set; } = "";
    }

    private sealed class LedgerEntryWithReversal
    {
        public string TenantId { get; set; } = "";
        public string AwardKey { get; set; } = "";
        public string UserId { get; set; } = "";
        public string RuleKey { get; set; } = "";
        public string ItemId { get; set; } = "";
        public int Points { get; set; }
        public string Status { get; set; } = "";
        public bool Capped { get; set; }
        public string Reason { get; set; } = "";
        public string? SourceStatementId { get; set; }
        public string? ReversesAwardKey { get; set; }
        public string? CourseId { get; set; }
        public string? SchoolId { get; set; }
        public int LocalDay { get; set; }
        public long AwardedAtMs { get; set; }
        public long Position { get; set; }
        public long RecordedAtMs { get; set; }
        public int Reversed { get; set; }

        public LedgerEntry ToEntry() => new()
        {
            TenantId = TenantId, AwardKey = AwardKey, UserId = UserId, RuleKey = RuleKey, ItemId = ItemId, Points = Points,
            Status = Status, Capped = Capped, Reason = Reason, SourceStatementId = SourceStatementId,
            ReversesAwardKey = ReversesAwardKey, CourseId = CourseId, SchoolId = SchoolId, LocalDay = LocalDay,
            AwardedAtMs = AwardedAtMs, Position = Position, RecordedAtMs = RecordedAtMs,
        };
    }
}
