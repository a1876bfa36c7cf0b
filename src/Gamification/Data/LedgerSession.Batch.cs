using System.Data.Common;
using LtiPd.Gamification.Points;
using LtiPd.Storage;

namespace LtiPd.Gamification.Data;

/// <summary>
/// Set reads and reused row commands for batch processing. A batch loads the state of all its
/// teachers with one query per kind of state, and writes its rows through commands created once
/// per session, so SQLite prepares each text once per batch instead of once per row.
/// </summary>
internal sealed partial class LedgerSession : IDisposable
{
    // Set reads stay under SQL Server's 2,100 parameters per command.
    private const int SetChunk = 1000;

    private static readonly SqlText ExistingStatementIdsSql = InList(
        "SELECT statement_id FROM gamification_statements WHERE tenant_id = @TenantId AND statement_id", "@Ids", "");

    private static readonly SqlText StatementActorsSql = InList(
        "SELECT s.statement_id AS StatementId, p.home_page AS HomePage, p.account_name AS AccountName FROM gamification_statements s " +
        "JOIN gamification_participants p ON p.tenant_id = s.tenant_id AND p.user_id = s.user_id WHERE s.tenant_id = @TenantId AND s.statement_id",
        "@Ids", "");

    private static readonly SqlText VoidedIdsSql = InList(
        "SELECT statement_id FROM gamification_voided WHERE tenant_id = @TenantId AND statement_id", "@Ids", "");

    private static readonly SqlText ExistingAwardKeysSql = InList(
        "SELECT award_key FROM gamification_ledger WHERE tenant_id = @TenantId AND award_key", "@Ids", "");

    private static readonly SqlText ParticipantsSql = InList(
        "SELECT user_id AS UserId, role AS Role, CASE WHEN school_id IS NULL THEN 0 ELSE 1 END AS HasSchool " +
        "FROM gamification_participants WHERE tenant_id = @TenantId AND user_id", "@Ids", "");

    private static readonly SqlText StandingsOfUsersSql = InList(
        "SELECT user_id AS UserId, season_id AS SeasonId, points AS Points, ranked AS Ranked FROM gamification_standings " +
        "WHERE tenant_id = @TenantId AND user_id", "@Ids", "");

    private static readonly SqlText MaxLevelsSql = InList(
        "SELECT user_id AS UserId, CAST(MAX(level) AS BIGINT) AS Level FROM gamification_levels WHERE tenant_id = @TenantId AND user_id",
        "@Ids", " GROUP BY user_id");

    private static readonly SqlText BadgesOfUsersSql = InList(
        "SELECT user_id AS UserId, badge_id AS BadgeId FROM gamification_badges WHERE tenant_id = @TenantId AND user_id", "@Ids", "");

    // The burst window and the daily cap read only award rows, not reversal rows. Both bound
    // awarded_at_ms, so they use the (tenant, user, awarded_at_ms) index. The caller passes a
    // bound early enough to include every row of the district-local days requested.
    private static readonly SqlText AwardTimesSql = InList(
        "SELECT user_id AS UserId, awarded_at_ms AS AwardedAtMs FROM gamification_ledger " +
        "WHERE tenant_id = @TenantId AND awarded_at_ms > @SinceMs AND reverses_award_key IS NULL AND user_id", "@Ids", "");

    private const string CappedPointsQuery =
        "SELECT user_id AS UserId, local_day AS LocalDay, CAST(points AS BIGINT) AS Points FROM gamification_capped_points " +
        "WHERE tenant_id = @TenantId AND user_id ";

    private static readonly SqlText CappedPointsSql = SqlText.PerProvider(
        CappedPointsQuery + "IN (SELECT value FROM json_each(@Ids)) AND local_day IN (SELECT value FROM json_each(@Days))",
        CappedPointsQuery + "= ANY(@Ids) AND local_day = ANY(@Days)",
        CappedPointsQuery + "IN (SELECT value FROM OPENJSON(@Ids)) AND local_day IN (SELECT CAST(value AS INT) FROM OPENJSON(@Days))");

    // The parameters appear in the same order in every text, because row commands bind by order.
    private static readonly SqlText AddCappedPointsSql = SqlText.PerProvider(
        "INSERT INTO gamification_capped_points (tenant_id, user_id, local_day, points) VALUES (@TenantId, @UserId, @LocalDay, @Points) " +
        "ON CONFLICT (tenant_id, user_id, local_day) DO UPDATE SET points = gamification_capped_points.points + excluded.points",
        "INSERT INTO gamification_capped_points (tenant_id, user_id, local_day, points) VALUES (@TenantId, @UserId, @LocalDay, @Points) " +
        "ON CONFLICT (tenant_id, user_id, local_day) DO UPDATE SET points = gamification_capped_points.points + excluded.points",
        "MERGE gamification_capped_points WITH (HOLDLOCK) AS t USING (SELECT @TenantId AS tenant_id, @UserId AS user_id, @LocalDay AS local_day, @Points AS points) AS s " +
        "ON t.tenant_id = s.tenant_id AND t.user_id = s.user_id AND t.local_day = s.local_day " +
        "WHEN MATCHED THEN UPDATE SET points = t.points + s.points " +
        "WHEN NOT MATCHED THEN INSERT (tenant_id, user_id, local_day, points) VALUES (s.tenant_id, s.user_id, s.local_day, s.points);");

    private static readonly SqlText AwardsFromStatementsSql = InList(
        $"SELECT {LedgerColumns} FROM gamification_ledger l WHERE l.tenant_id = @TenantId AND l.reverses_award_key IS NULL AND {NotReversed} " +
        "AND l.source_statement_id", "@Ids", "");

    private static readonly SqlText AddToStandingReturningSql = SqlText.PerProvider(
        "UPDATE gamification_standings SET points = points + @Delta WHERE tenant_id = @TenantId AND season_id = @SeasonId AND user_id = @UserId RETURNING points",
        "UPDATE gamification_standings SET points = points + @Delta WHERE tenant_id = @TenantId AND season_id = @SeasonId AND user_id = @UserId RETURNING points",
        "UPDATE gamification_standings SET points = points + @Delta OUTPUT inserted.points WHERE tenant_id = @TenantId AND season_id = @SeasonId AND user_id = @UserId");

    private static readonly SqlText AddToStandingCountSql = SqlText.Portable(
        "UPDATE gamification_standing_counts SET teachers = teachers + @Change WHERE tenant_id = @TenantId AND season_id = @SeasonId AND points = @Points");

    private static readonly SqlText InsertStandingCountSql = SqlText.Portable(
        "INSERT INTO gamification_standing_counts (tenant_id, season_id, points, teachers) VALUES (@TenantId, @SeasonId, @Points, @Change)");

    private static readonly RowInsert StatementRows = new(
        "gamification_statements",
        ["tenant_id", "statement_id", "position", "stored_at_ms", "user_id", "payload", "processed_at_ms"],
        ["tenant_id", "statement_id"]);

    private static readonly RowInsert LedgerRows = new(
        "gamification_ledger",
        ["tenant_id", "award_key", "user_id", "rule_key", "item_id", "points", "status", "capped", "reason", "source_statement_id",
            "reverses_award_key", "course_id", "school_id", "local_day", "awarded_at_ms", "position", "recorded_at_ms"],
        ["tenant_id", "award_key"]);

    private static readonly RowInsert OutboxRows = new(
        "gamification_outbox",
        ["tenant_id", "statement_id", "kind", "user_id", "payload", "created_at_ms"],
        ["tenant_id", "statement_id"]);

    private Dictionary<SqlText, DbCommand>? _rowCommands;

    /// <summary>The statement ids among <paramref name="ids"/> the engine already holds for the tenant.</summary>
    public Task<HashSet<string>> ExistingStatementIdsAsync(string tenantId, IReadOnlyCollection<string> ids) =>
        SetOfAsync(ExistingStatementIdsSql, tenantId, ids);

    /// <summary>The actor accounts of the processed statements among <paramref name="ids"/>.</summary>
    public async Task<Dictionary<string, (string HomePage, string AccountName)>> StatementActorsAsync(string tenantId, IReadOnlyCollection<string> ids) =>
        (await RowsOfAsync(StatementActorsSql, tenantId, ids, static row => (StatementId: row.GetString(0), HomePage: row.GetString(1), AccountName: row.GetString(2))))
            .ToDictionary(row => row.StatementId, row => (row.HomePage, row.AccountName), StringComparer.Ordinal);

    /// <summary>The statement ids among <paramref name="ids"/> that a voiding statement named.</summary>
    public Task<HashSet<string>> VoidedIdsAsync(string tenantId, IReadOnlyCollection<string> ids) =>
        SetOfAsync(VoidedIdsSql, tenantId, ids);

    /// <summary>The award keys among <paramref name="keys"/> the ledger holds.</summary>
    public Task<HashSet<string>> ExistingAwardKeysAsync(string tenantId, IReadOnlyCollection<string> keys) =>
        SetOfAsync(ExistingAwardKeysSql, tenantId, keys);

    /// <summary>The participants among <paramref name="userIds"/>: whether each is ranked (a teacher) and has a school.</summary>
    public Task<List<ParticipantRow>> ParticipantsAsync(string tenantId, IReadOnlyCollection<string> userIds) =>
        RowsOfAsync(ParticipantsSql, tenantId, userIds, static row =>
            new ParticipantRow { UserId = row.GetString(0), Role = row.GetString(1), HasSchool = ReadInt64(row, 2) != 0 });

    /// <summary>Every standings row (all seasons) of <paramref name="userIds"/>.</summary>
    public Task<List<UserStandingRow>> StandingsOfUsersAsync(string tenantId, IReadOnlyCollection<string> userIds) =>
        RowsOfAsync(StandingsOfUsersSql, tenantId, userIds, static row =>
            new UserStandingRow { UserId = row.GetString(0), SeasonId = row.GetString(1), Points = ReadInt64(row, 2), Ranked = ReadInt64(row, 3) != 0 });

    /// <summary>The highest level row of each of <paramref name="userIds"/> that has one.</summary>
    public Task<List<UserLevelRow>> MaxLevelsAsync(string tenantId, IReadOnlyCollection<string> userIds) =>
        RowsOfAsync(MaxLevelsSql, tenantId, userIds, static row => new UserLevelRow { UserId = row.GetString(0), Level = checked((int)ReadInt64(row, 1)) });

    /// <summary>The badges held by <paramref name="userIds"/>.</summary>
    public Task<List<UserBadgeRow>> BadgesOfUsersAsync(string tenantId, IReadOnlyCollection<string> userIds) =>
        RowsOfAsync(BadgesOfUsersSql, tenantId, userIds, static row => new UserBadgeRow { UserId = row.GetString(0), BadgeId = row.GetString(1) });

    /// <summary>The award times (no reversal rows) of <paramref name="userIds"/> after <paramref name="sinceMs"/>.</summary>
    public async Task<List<AwardTimeRow>> AwardTimesAsync(string tenantId, IReadOnlyCollection<string> userIds, long sinceMs)
    {
        var rows = new List<AwardTimeRow>();
        foreach (var chunk in userIds.Chunk(SetChunk))
        {
            await ReadRowsAsync(rows, AwardTimesSql, static row => new AwardTimeRow { UserId = row.GetString(0), AwardedAtMs = ReadInt64(row, 1) }, tenantId, sinceMs, SetParameter(chunk));
        }

        return rows;
    }

    /// <summary>
    /// The capped points (award rows of any status, no reversal rows) of <paramref name="userIds"/>
    /// on each of <paramref name="localDays"/> that has any.
    /// </summary>
    public async Task<List<CappedPointsRow>> CappedPointsAsync(string tenantId, IReadOnlyCollection<string> userIds, int[] localDays)
    {
        var rows = new List<CappedPointsRow>();
        foreach (var chunk in userIds.Chunk(SetChunk))
        {
            await ReadRowsAsync(
                rows, CappedPointsSql, static row => new CappedPointsRow { UserId = row.GetString(0), LocalDay = checked((int)ReadInt64(row, 1)), Points = ReadInt64(row, 2) },
                tenantId, SetParameter(chunk), SetParameter(localDays));
        }

        return rows;
    }

    /// <summary>Adds <paramref name="points"/> to a teacher's capped points on a district-local day.</summary>
    public Task<int> AddCappedPointsAsync(string tenantId, string userId, int localDay, int points) =>
        ExecuteRowAsync(AddCappedPointsSql, tenantId, userId, localDay, points);

    /// <summary>The awards, not yet reversed, that the statements <paramref name="statementIds"/> earned.</summary>
    public Task<List<LedgerEntry>> AwardsFromStatementsAsync(string tenantId, IReadOnlyCollection<string> statementIds) =>
        DapperRowsOfAsync<LedgerEntry>(AwardsFromStatementsSql, tenantId, statementIds);

    /// <summary>Records that a voiding statement named <paramref name="statementId"/>, unless it is recorded.</summary>
    public Task<int> InsertVoidedRowAsync(string tenantId, string statementId, string voidingStatementId, long nowMs) =>
        ExecuteRowAsync(InsertVoidedSql, tenantId, statementId, voidingStatementId, nowMs);

    /// <summary>Sets the status of a ledger row.</summary>
    public Task<int> SetStatusRowAsync(string tenantId, string awardKey, string status) =>
        ExecuteRowAsync(SetStatusSql, status, tenantId, awardKey);

    /// <summary>Claims statements for processing and returns how many were new. A statement already claimed is skipped.</summary>
    public Task<int> ClaimStatementRowsAsync(IReadOnlyList<StatementClaim> claims) =>
        InsertRowsAsync(StatementRows, claims, static claim =>
            [claim.TenantId, claim.StatementId, claim.Position, claim.StoredAtMs, claim.UserId, claim.Payload, claim.NowMs]);

    /// <summary>Inserts a participant if absent (parameters in the order of its columns); returns whether it inserted.</summary>
    public async Task<bool> InsertParticipantRowAsync(string tenantId, string userId, string homePage, string accountName, string? schoolId, long nowMs) =>
        await ExecuteRowAsync(InsertParticipantSql, tenantId, userId, homePage, accountName, Participants.ParticipantRole.Teacher, 0, schoolId, nowMs) == 1;

    /// <summary>Sets a participant's school when none is known yet.</summary>
    public Task<int> FillParticipantSchoolRowAsync(string tenantId, string userId, string schoolId, long nowMs) =>
        ExecuteRowAsync(FillParticipantSchoolSql, schoolId, nowMs, tenantId, userId);

    /// <summary>Inserts the ledger rows whose keys are absent and returns how many it inserted. Standings are the caller's.</summary>
    public Task<int> InsertLedgerRowsAsync(IReadOnlyList<LedgerEntry> entries) =>
        InsertRowsAsync(LedgerRows, entries, static entry =>
            [entry.TenantId, entry.AwardKey, entry.UserId, entry.RuleKey, entry.ItemId, entry.Points, entry.Status,
                entry.Capped ? 1 : 0, entry.Reason, entry.SourceStatementId, entry.ReversesAwardKey, entry.CourseId, entry.SchoolId,
                entry.LocalDay, entry.AwardedAtMs, entry.Position, entry.RecordedAtMs]);

    /// <summary>Inserts a level row if absent; returns whether it inserted.</summary>
    public async Task<bool> InsertLevelRowAsync(string tenantId, string userId, int level, long reachedAtMs, string? sourceStatementId, long position) =>
        await ExecuteRowAsync(InsertLevelSql, tenantId, userId, level, reachedAtMs, sourceStatementId, position) == 1;

    /// <summary>Inserts the output statements that are absent and returns how many it inserted.</summary>
    public Task<int> InsertOutboxRowsAsync(IReadOnlyList<OutboxWrite> writes) =>
        InsertRowsAsync(OutboxRows, writes, static write =>
            [write.TenantId, write.Output.Id.ToString("D"), write.Output.Kind, write.Output.UserId, write.Output.Json, write.NowMs]);

    /// <summary>Adds <paramref name="delta"/> to a standings row and returns its new points, or null when the row is absent.</summary>
    public async Task<long?> AddToStandingRowAsync(string tenantId, string seasonId, string userId, long delta) =>
        await ScalarRowAsync(AddToStandingReturningSql, delta, tenantId, seasonId, userId) is { } points and not DBNull
            ? Convert.ToInt64(points, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Inserts a standings row; a concurrent insert of the same key fails, and the batch is retried.</summary>
    public Task<int> InsertStandingRowAsync(string tenantId, string seasonId, string userId, long points, long ranked) =>
        ExecuteRowAsync(InsertStandingSql, tenantId, seasonId, userId, points, ranked);

    /// <summary>Adds <paramref name="change"/> teachers at <paramref name="points"/> in a season's counts.</summary>
    public async Task AddToStandingCountRowAsync(string tenantId, string seasonId, long points, long change)
    {
        if (await ExecuteRowAsync(AddToStandingCountSql, change, tenantId, seasonId, points) == 0)
        {
            await ExecuteRowAsync(InsertStandingCountSql, tenantId, seasonId, points, change);
        }
    }

    /// <summary>Disposes the session's reused commands; the caller owns the connection and transaction.</summary>
    public void Dispose()
    {
        if (_rowCommands is null)
        {
            return;
        }

        foreach (var command in _rowCommands.Values)
        {
            command.Dispose();
        }

        _rowCommands = null;
    }

    // Sends the rows in commands of at most RowInsert.MaxRowsFor(Provider) rows each. On a server
    // database a batch then writes a table with one or two round trips instead of one per row.
    private async Task<int> InsertRowsAsync<T>(RowInsert insert, IReadOnlyList<T> rows, Func<T, object?[]> valuesOf)
    {
        var inserted = 0;
        var maxRows = insert.MaxRowsFor(Provider);
        for (var start = 0; start < rows.Count; start += maxRows)
        {
            var count = Math.Min(maxRows, rows.Count - start);
            var values = new object?[count * insert.ColumnCount];
            for (var row = 0; row < count; row++)
            {
                var rowValues = valuesOf(rows[start + row]);
                rowValues.CopyTo(values, row * insert.ColumnCount);
            }

            inserted += await ExecuteRowAsync(insert.For(count), values);
        }

        return inserted;
    }

    // Reads through Dapper, for the rare reads whose rows have too many columns to map by hand.
    private async Task<List<T>> DapperRowsOfAsync<T>(SqlText sql, string tenantId, IReadOnlyCollection<string> userIds)
    {
        var rows = new List<T>();
        foreach (var chunk in userIds.Chunk(SetChunk))
        {
            rows.AddRange(await QueryAsync<T>(sql, new { TenantId = tenantId, Ids = SetParameter(chunk) }));
        }

        return rows;
    }

    private async Task<HashSet<string>> SetOfAsync(SqlText sql, string tenantId, IReadOnlyCollection<string> values)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in values.Chunk(SetChunk))
        {
            await ReadRowsAsync(found, sql, static row => row.GetString(0), tenantId, SetParameter(chunk));
        }

        return found;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with values bound in the order its parameters first appear,
    /// through one command per text for the whole session.
    /// </summary>
    /// <remarks>
    /// On pooled SQLite the row runs through the statement the handle keeps prepared, so each
    /// text is prepared once per connection instead of once per batch. A row then costs its binds
    /// and one step, without Microsoft.Data.Sqlite's command and reader objects.
    /// </remarks>
    private Task<int> ExecuteRowAsync(SqlText sql, params object?[] values)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return _database.TryExecuteByPosition(_connection, _transaction, sql, values, out var changed, out _)
            ? Task.FromResult(changed)
            : RowCommand(sql, values).ExecuteNonQueryAsync(_cancellationToken);
    }

    private Task<object?> ScalarRowAsync(SqlText sql, params object?[] values)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return _database.TryExecuteByPosition(_connection, _transaction, sql, values, out _, out var firstValue)
            ? Task.FromResult(firstValue)
            : RowCommand(sql, values).ExecuteScalarAsync(_cancellationToken);
    }

    // NOTE: the row commands and the OPENJSON set reads have run on SQLite and PostgreSQL only,
    // never against SQL Server, where parameter types are inferred from each value as bound.
    private DbCommand RowCommand(SqlText sql, object?[] values)
    {
        _rowCommands ??= new Dictionary<SqlText, DbCommand>(ReferenceEqualityComparer.Instance);
        if (!_rowCommands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql.For(Provider);
            command.CommandTimeout = _database.CommandTimeoutSeconds;
            foreach (var name in ParameterNames(command.CommandText))
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                command.Parameters.Add(parameter);
            }

            if (command.Parameters.Count != values.Length)
            {
                throw new InvalidOperationException($"The row command has {command.Parameters.Count} parameters but {values.Length} values were given.");
            }

            _rowCommands[sql] = command;
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    // The parameter names of a text in order of first appearance: "@Name" followed by letters or digits.
    private static List<string> ParameterNames(string sql)
    {
        var names = new List<string>();
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] != '@')
            {
                continue;
            }

            var end = i + 1;
            while (end < sql.Length && char.IsAsciiLetterOrDigit(sql[end]))
            {
                end++;
            }

            var name = sql[(i + 1)..end];
            if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }

            i = end - 1;
        }

        return names;
    }

    // A set travels as one parameter, so each text stays the same whatever the set's size: an
    // array for PostgreSQL, a JSON array that json_each (SQLite) or OPENJSON (SQL Server) reads.
    // Dapper's "IN @list" would instead expand into one parameter per item and a new text.
    private static SqlText InList(string prefix, string parameter, string suffix) =>
        SqlText.PerProvider(
            $"{SqliteNoNullIndex(prefix)} IN (SELECT value FROM json_each({parameter})){suffix}",
            $"{prefix} = ANY({parameter}){suffix}",
            $"{prefix} IN (SELECT value FROM OPENJSON({parameter})){suffix}");

    // Without statistics, SQLite prefers the (tenant, reverses_award_key) index for
    // "reverses_award_key IS NULL", which matches every award row of the tenant. A unary plus
    // keeps that term out of index choice, so the user, source or key index is used.
    private static string SqliteNoNullIndex(string sql) =>
        System.Text.RegularExpressions.Regex.Replace(sql, @"([\w.]*reverses_award_key IS NULL)", "+$1");

    private object SetParameter<T>(T[] values) =>
        Provider == DatabaseProvider.PostgreSql ? values : System.Text.Json.JsonSerializer.Serialize(values);

    /// <summary>A statement's copy, written when the batch claims it.</summary>
    internal sealed record StatementClaim(string TenantId, string StatementId, long Position, long StoredAtMs, string UserId, string Payload, long NowMs);

    /// <summary>An award statement for the outbox.</summary>
    internal sealed record OutboxWrite(string TenantId, Output.OutputStatement Output, long NowMs);

    internal sealed class AwardTimeRow
    {
        public string UserId { get; set; } = "";
        public long AwardedAtMs { get; set; }
    }

    internal sealed class CappedPointsRow
    {
        public string UserId { get; set; } = "";
        public int LocalDay { get; set; }
        public long Points { get; set; }
    }

    internal sealed class ParticipantRow
    {
        public string UserId { get; set; } = "";
        public string Role { get; set; } = "";
        public bool HasSchool { get; set; }
    }

    internal sealed class UserStandingRow
    {
        public string UserId { get; set; } = "";
        public string SeasonId { get; set; } = "";
        public long Points { get; set; }
        public bool Ranked { get; set; }
    }

    internal sealed class UserLevelRow
    {
        public string UserId { get; set; } = "";
        public int Level { get; set; }
    }

    internal sealed class UserBadgeRow
    {
        public string UserId { get; set; } = "";
        public string BadgeId { get; set; } = "";
    }
}
