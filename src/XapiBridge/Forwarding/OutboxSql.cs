using LtiPd.Storage;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>
/// The outbox statements per provider. Every statement filters on <c>district_id</c>, and the
/// ones that change a claimed row also on <c>lease_owner</c>, so a node whose lease expired and
/// was taken over changes nothing.
/// </summary>
internal static class OutboxSql
{
    // ON CONFLICT DO NOTHING makes a replayed event a no-op; SQL Server has no such clause, so it
    // checks under UPDLOCK and HOLDLOCK, which keeps two writers from passing the check together.
    public static readonly SqlText Enqueue = SqlText.PerProvider(
        sqlite: """
            INSERT INTO xapi_outbox (district_id, statement_id, statement_json, created_at_ms, attempts, next_attempt_at_ms)
            VALUES (@DistrictId, @StatementId, @StatementJson, @NowMs, 0, @NowMs)
            ON CONFLICT (district_id, statement_id) DO NOTHING
            """,
        postgreSql: """
            INSERT INTO xapi_outbox (district_id, statement_id, statement_json, created_at_ms, attempts, next_attempt_at_ms)
            VALUES (@DistrictId, @StatementId, @StatementJson, @NowMs, 0, @NowMs)
            ON CONFLICT (district_id, statement_id) DO NOTHING
            """,
        sqlServer: """
            INSERT INTO xapi_outbox (district_id, statement_id, statement_json, created_at_ms, attempts, next_attempt_at_ms)
            SELECT @DistrictId, @StatementId, @StatementJson, @NowMs, 0, @NowMs
            WHERE NOT EXISTS (
                SELECT 1 FROM xapi_outbox WITH (UPDLOCK, HOLDLOCK)
                WHERE district_id = @DistrictId AND statement_id = @StatementId)
            """);

    // Claims up to @BatchSize due rows in id order. PostgreSQL skips rows another node holds
    // (FOR UPDATE SKIP LOCKED); SQL Server reads past them (READPAST) and locks what it takes
    // (UPDLOCK); SQLite has one writer at a time, so its UPDATE is already exclusive.
    public static readonly SqlText Claim = SqlText.PerProvider(
        sqlite: """
            UPDATE xapi_outbox SET lease_owner = @Owner, lease_expires_at_ms = @LeaseUntilMs
            WHERE id IN (
                SELECT id FROM xapi_outbox
                WHERE district_id = @DistrictId AND delivered_at_ms IS NULL AND rejected_at_ms IS NULL
                  AND next_attempt_at_ms <= @NowMs AND (lease_expires_at_ms IS NULL OR lease_expires_at_ms <= @NowMs)
                ORDER BY id LIMIT @BatchSize)
            RETURNING id AS Id, statement_id AS StatementId, statement_json AS StatementJson, attempts AS Attempts
            """,
        postgreSql: """
            UPDATE xapi_outbox SET lease_owner = @Owner, lease_expires_at_ms = @LeaseUntilMs
            WHERE id IN (
                SELECT id FROM xapi_outbox
                WHERE district_id = @DistrictId AND delivered_at_ms IS NULL AND rejected_at_ms IS NULL
                  AND next_attempt_at_ms <= @NowMs AND (lease_expires_at_ms IS NULL OR lease_expires_at_ms <= @NowMs)
                ORDER BY id LIMIT @BatchSize
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Id", statement_id AS "StatementId", statement_json AS "StatementJson", attempts AS "Attempts"
            """,
        sqlServer: """
            WITH due AS (
                SELECT TOP (@BatchSize) * FROM xapi_outbox WITH (UPDLOCK, READPAST, ROWLOCK)
                WHERE district_id = @DistrictId AND delivered_at_ms IS NULL AND rejected_at_ms IS NULL
                  AND next_attempt_at_ms <= @NowMs AND (lease_expires_at_ms IS NULL OR lease_expires_at_ms <= @NowMs)
                ORDER BY id)
            UPDATE due SET lease_owner = @Owner, lease_expires_at_ms = @LeaseUntilMs
            OUTPUT inserted.id AS Id, inserted.statement_id AS StatementId, inserted.statement_json AS StatementJson, inserted.attempts AS Attempts
            """);

    public static readonly SqlText MarkDelivered = ForIds("""
        UPDATE xapi_outbox
        SET delivered_at_ms = @NowMs, lease_owner = NULL, lease_expires_at_ms = NULL, last_status = @Status, last_error = NULL
        WHERE district_id = @DistrictId AND lease_owner = @Owner AND id IN @Ids
        """);

    public static readonly SqlText ScheduleRetry = ForIds("""
        UPDATE xapi_outbox
        SET attempts = attempts + 1, next_attempt_at_ms = @NextAttemptMs, lease_owner = NULL, lease_expires_at_ms = NULL,
            last_status = @Status, last_error = @Error
        WHERE district_id = @DistrictId AND lease_owner = @Owner AND id IN @Ids
        """);

    public static readonly SqlText MarkRejected = ForIds("""
        UPDATE xapi_outbox
        SET rejected_at_ms = @NowMs, attempts = attempts + 1, lease_owner = NULL, lease_expires_at_ms = NULL,
            last_status = @Status, last_error = @Error
        WHERE district_id = @DistrictId AND lease_owner = @Owner AND id IN @Ids
        """);

    /// <summary>
    /// Builds a statement that ends in <c>id IN @Ids</c>. Dapper expands a list into
    /// <c>(@Ids1, @Ids2, ...)</c> for SQLite and SQL Server, but hands Npgsql an array, which
    /// PostgreSQL needs as <c>= ANY(@Ids)</c>.
    /// </summary>
    private static SqlText ForIds(string sql)
    {
        const string InList = "id IN @Ids";
        if (!sql.TrimEnd().EndsWith(InList, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The statement must end in '{InList}'.", nameof(sql));
        }

        return SqlText.PerProvider(sql, sql.Replace(InList, "id = ANY(@Ids)", StringComparison.Ordinal), sql);
    }

    public static readonly SqlText DeleteDelivered = SqlText.Portable("""
        DELETE FROM xapi_outbox WHERE district_id = @DistrictId AND delivered_at_ms < @CutoffMs
        """);

    public static readonly SqlText CountPending = SqlText.Portable("""
        SELECT COUNT(*) FROM xapi_outbox WHERE district_id = @DistrictId AND delivered_at_ms IS NULL AND rejected_at_ms IS NULL
        """);

    // The LIKE patterns only narrow the rows read; the caller parses each row and checks the
    // agent itself. '!' escapes LIKE wildcards on every provider.
    public static readonly SqlText SelectMentioning = SqlText.Portable("""
        SELECT id AS Id, statement_id AS StatementId, statement_json AS StatementJson,
               delivered_at_ms AS DeliveredAtMs, rejected_at_ms AS RejectedAtMs
        FROM xapi_outbox
        WHERE district_id = @DistrictId
          AND (statement_json LIKE @AccountPattern ESCAPE '!' OR statement_json LIKE @EmailPattern ESCAPE '!')
        ORDER BY id
        """);

    public static readonly SqlText ReplaceJson = SqlText.Portable("""
        UPDATE xapi_outbox SET statement_json = @StatementJson WHERE district_id = @DistrictId AND id = @Id
        """);
}
