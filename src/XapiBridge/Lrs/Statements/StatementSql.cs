using System.Text.Json;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>The SQL of the statement repository, one text per provider where dialects differ.</summary>
internal static class StatementSql
{
    public const string RowColumns =
        "seq AS Seq, tenant AS Tenant, statement_id AS StatementId, credential_key AS CredentialKey, stored_at_ms AS StoredAtMs, voided AS Voided, statement_json AS StatementJson";

    /// <summary>
    /// Serialises statement writes across nodes, so identity values commit in order and a reader
    /// resuming after a seq never skips a row that committed later with a lower seq. SQLite
    /// needs nothing: its write transaction already holds the database lock.
    /// </summary>
    public static readonly SqlText LockStatementOrder = SqlText.PerProvider(
        "SELECT 1",
        "SELECT pg_advisory_xact_lock(7013587206422070608)",
        "EXEC sp_getapplock @Resource = 'LtiPd.LrsStatements', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000");

    public static readonly SqlText SelectById = SqlText.Portable(
        $"SELECT {RowColumns} FROM lrs_statements WHERE tenant = @tenant AND statement_id = @id");

    /// <summary>
    /// The stored JSON of those of <c>@ids</c> already stored. On SQLite <c>@ids</c> is one JSON
    /// array (<see cref="ListParameter"/>), so one prepared text serves every list length. Dapper
    /// expands the list for SQL Server and sends it to Npgsql as one array parameter.
    /// </summary>
    public static readonly SqlText SelectJsonByIds = SqlText.PerProvider(
        "SELECT statement_id AS StatementId, statement_json AS StatementJson FROM lrs_statements WHERE tenant = @tenant AND statement_id IN (SELECT value FROM json_each(@ids))",
        "SELECT statement_id AS StatementId, statement_json AS StatementJson FROM lrs_statements WHERE tenant = @tenant AND statement_id = ANY(@ids)",
        "SELECT statement_id AS StatementId, statement_json AS StatementJson FROM lrs_statements WHERE tenant = @tenant AND statement_id IN @ids");

    public static readonly SqlText Insert = SqlText.PerProvider(
        "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json) VALUES (@tenant, @id, @credentialKey, @storedAtMs, 0, @json) RETURNING seq",
        "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json) VALUES (@tenant, @id, @credentialKey, @storedAtMs, 0, @json) RETURNING seq",
        "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json) OUTPUT INSERTED.seq VALUES (@tenant, @id, @credentialKey, @storedAtMs, 0, @json)");

    /// <summary>The (kind, value hash) keys of one stored statement.</summary>
    public static readonly SqlText SelectIndex = SqlText.Portable(
        "SELECT k.kind AS Kind, v.value_hash AS ValueHash FROM lrs_statement_keys k JOIN lrs_index_values v ON v.value_id = k.value_id " +
        "WHERE v.tenant = @tenant AND k.seq = @seq");

    public static readonly SqlText MarkVoided = SqlText.Portable(
        "UPDATE lrs_statements SET voided = 1 WHERE tenant = @tenant AND seq = @seq");

    public static readonly SqlText CountAttachment = SqlText.Portable(
        "SELECT COUNT(*) FROM lrs_attachments WHERE tenant = @tenant AND sha2 = @sha2");

    public static readonly SqlText InsertAttachment = SqlText.Portable(
        "INSERT INTO lrs_attachments (tenant, sha2, content_type, content, created_at_ms) VALUES (@tenant, @sha2, @contentType, @content, @createdAtMs)");

    public static readonly SqlText SelectAttachment = SqlText.Portable(
        "SELECT sha2 AS Sha2, content_type AS ContentType, content AS Content FROM lrs_attachments WHERE tenant = @tenant AND sha2 = @sha2");

    public static readonly SqlText UpdateActivity = SqlText.Portable(
        "UPDATE lrs_activities SET activity_json = @json, updated_at_ms = @updatedAtMs WHERE tenant = @tenant AND activity_hash = @hash");

    public static readonly SqlText InsertActivity = SqlText.Portable(
        "INSERT INTO lrs_activities (tenant, activity_hash, activity_json, updated_at_ms) VALUES (@tenant, @hash, @json, @updatedAtMs)");

    /// <summary>The stored activities among <c>@hashes</c>, a list as in <see cref="SelectJsonByIds"/>.</summary>
    public static readonly SqlText SelectActivities = SqlText.PerProvider(
        "SELECT activity_hash AS ActivityHash, activity_json AS ActivityJson FROM lrs_activities WHERE tenant = @tenant AND activity_hash IN (SELECT value FROM json_each(@hashes))",
        "SELECT activity_hash AS ActivityHash, activity_json AS ActivityJson FROM lrs_activities WHERE tenant = @tenant AND activity_hash = ANY(@hashes)",
        "SELECT activity_hash AS ActivityHash, activity_json AS ActivityJson FROM lrs_activities WHERE tenant = @tenant AND activity_hash IN @hashes");

    public static readonly SqlText SelectActivity = SqlText.Portable(
        "SELECT activity_json FROM lrs_activities WHERE tenant = @tenant AND activity_hash = @hash");

    /// <summary>
    /// The tenant's highest seq, as the larger of the highest voided and unvoided ones: each
    /// half is one seek in <c>ix_lrs_statements_order (tenant, voided, seq)</c>. A plain
    /// <c>MAX(seq) WHERE tenant = @tenant</c> read every index entry of the tenant on SQLite.
    /// </summary>
    public static readonly SqlText SelectMaxSeq = SqlText.Portable(
        "SELECT COALESCE(MAX(latest.seq), 0) FROM (" +
        "SELECT MAX(seq) AS seq FROM lrs_statements WHERE tenant = @tenant AND voided = 0 " +
        "UNION ALL SELECT MAX(seq) AS seq FROM lrs_statements WHERE tenant = @tenant AND voided = 1) AS latest");

    public static readonly SqlText SelectAfter = SqlText.PerProvider(
        $"SELECT {RowColumns} FROM lrs_statements WHERE seq > @after ORDER BY seq LIMIT @take",
        $"SELECT {RowColumns} FROM lrs_statements WHERE seq > @after ORDER BY seq LIMIT @take",
        $"SELECT TOP (@take) {RowColumns} FROM lrs_statements WHERE seq > @after ORDER BY seq");

    public static readonly SqlText SelectAfterForTenant = SqlText.PerProvider(
        $"SELECT {RowColumns} FROM lrs_statements WHERE tenant = @tenant AND seq > @after ORDER BY seq LIMIT @take",
        $"SELECT {RowColumns} FROM lrs_statements WHERE tenant = @tenant AND seq > @after ORDER BY seq LIMIT @take",
        $"SELECT TOP (@take) {RowColumns} FROM lrs_statements WHERE tenant = @tenant AND seq > @after ORDER BY seq");

    /// <summary>
    /// Returns the WHERE fragment of one statement filter over <c>lrs_statement_keys</c>, with
    /// the parameters <c>@{name}Kind</c> and <c>@{name}Hash</c>. The driving filter is an
    /// <c>IN</c> list, which lets SQLite look up the matching seqs first; with only correlated
    /// <c>EXISTS</c> probes it walked every statement of the tenant. The other filters stay
    /// <c>EXISTS</c> probes, because an <c>IN</c> list for a common verb would be built in full.
    /// The value id comes from an uncorrelated subquery, which each engine runs once per query.
    /// </summary>
    /// <param name="name">A fixed identifier (agent, verb...), never input.</param>
    /// <param name="driving">Whether this is the first filter of the query.</param>
    public static string KeyFilter(string name, bool driving)
    {
        var valueId = $"(SELECT v_{name}.value_id FROM lrs_index_values v_{name} WHERE v_{name}.tenant = @tenant AND v_{name}.value_hash = @{name}Hash)";
        return driving
            ? $" AND s.seq IN (SELECT k_{name}.seq FROM lrs_statement_keys k_{name} WHERE k_{name}.value_id = {valueId} AND k_{name}.kind = @{name}Kind)"
            : $" AND EXISTS (SELECT 1 FROM lrs_statement_keys k_{name} WHERE k_{name}.value_id = {valueId} AND k_{name}.kind = @{name}Kind AND k_{name}.seq = s.seq)";
    }

    /// <summary>
    /// Returns a list of values as the list parameter of <see cref="SelectJsonByIds"/> and
    /// <see cref="SelectActivities"/>: a JSON array on SQLite, the array itself elsewhere.
    /// </summary>
    public static object ListParameter(DatabaseProvider provider, string[] values) =>
        provider == DatabaseProvider.Sqlite ? JsonSerializer.Serialize(values) : values;
}
