using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.Benchmarks.LrsLoad;

/// <summary>
/// The floor the LRS is compared with: plain Dapper inserts and selects on tables shaped like
/// <c>lrs_statements</c>, <c>lrs_index_values</c> and <c>lrs_statement_keys</c> (same columns,
/// keys and indexes, named <c>raw_*</c>), through the same <see cref="Database"/> connections,
/// with the JSON and value hashes computed before timing. Value ids are cached in memory once
/// their rows commit, as the LRS caches them. No HTTP, validation, locking or activity merge.
/// </summary>
internal sealed class RawBaseline
{
    private const string Tenant = "bench-district";

    private static readonly string[] SqliteSchema =
    [
        "CREATE TABLE raw_statements (seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, statement_id TEXT NOT NULL, credential_key TEXT NOT NULL, stored_at_ms INTEGER NOT NULL, voided INTEGER NOT NULL DEFAULT 0, statement_json TEXT NOT NULL)",
        "CREATE TABLE raw_index_values (value_id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, value_hash TEXT NOT NULL)",
        "CREATE TABLE raw_statement_keys (value_id INTEGER NOT NULL REFERENCES raw_index_values (value_id), kind INTEGER NOT NULL, seq INTEGER NOT NULL REFERENCES raw_statements (seq), PRIMARY KEY (value_id, kind, seq)) WITHOUT ROWID",
    ];

    // The column types of the PostgreSQL migrations. A CHAR(64) value_hash compared with a text
    // parameter could not use the unique index, and each lookup then read the whole index.
    private static readonly string[] PostgreSqlSchema =
    [
        "CREATE TABLE raw_statements (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant TEXT NOT NULL, statement_id TEXT NOT NULL, credential_key TEXT NOT NULL, stored_at_ms BIGINT NOT NULL, voided INTEGER NOT NULL DEFAULT 0, statement_json TEXT NOT NULL)",
        "CREATE TABLE raw_index_values (value_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant TEXT NOT NULL, value_hash TEXT NOT NULL)",
        "CREATE TABLE raw_statement_keys (value_id BIGINT NOT NULL REFERENCES raw_index_values (value_id), kind INTEGER NOT NULL, seq BIGINT NOT NULL REFERENCES raw_statements (seq), PRIMARY KEY (value_id, kind, seq))",
    ];

    private static readonly string[] CommonIndexes =
    [
        "CREATE UNIQUE INDEX ux_raw_statements_id ON raw_statements (tenant, statement_id)",
        "CREATE INDEX ix_raw_statements_order ON raw_statements (tenant, voided, seq)",
        "CREATE INDEX ix_raw_statements_stored ON raw_statements (tenant, stored_at_ms)",
        "CREATE INDEX ix_raw_statements_mine ON raw_statements (tenant, credential_key, seq)",
        "CREATE UNIQUE INDEX ux_raw_index_values ON raw_index_values (tenant, value_hash)",
        "CREATE INDEX ix_raw_statement_keys_seq ON raw_statement_keys (seq)",
    ];

    private static readonly SqlText InsertStatement = SqlText.Portable(
        "INSERT INTO raw_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json) VALUES (@tenant, @id, @credentialKey, @storedAtMs, 0, @json) RETURNING seq");

    // Returns the id whether the row is new or already there, so concurrent workers need no retry.
    private static readonly SqlText UpsertValue = SqlText.Portable(
        "INSERT INTO raw_index_values (tenant, value_hash) VALUES (@tenant, @valueHash) " +
        "ON CONFLICT (tenant, value_hash) DO UPDATE SET value_hash = excluded.value_hash RETURNING value_id");

    private static readonly SqlText InsertKey = SqlText.Portable(
        "INSERT INTO raw_statement_keys (value_id, kind, seq) VALUES (@valueId, @kind, @seq)");

    // The LRS's GET with agent, verb and activity filters, on the raw tables: the agent's key rows
    // drive the query in stored order, and the other two filters are probes of the keys. The LRS
    // reads one row more than its page of 40 to know whether another page exists.
    private static readonly SqlText SelectFiltered = SqlText.Portable(
        "SELECT s.seq AS Seq, s.statement_json AS StatementJson FROM raw_statement_keys d JOIN raw_statements s ON s.seq = d.seq" +
        " WHERE d.value_id = (SELECT a.value_id FROM raw_index_values a WHERE a.tenant = @tenant AND a.value_hash = @agentHash) AND d.kind = 1" +
        " AND s.tenant = @tenant AND s.voided = 0" +
        " AND EXISTS (SELECT 1 FROM raw_statement_keys v WHERE v.value_id = (SELECT vv.value_id FROM raw_index_values vv WHERE vv.tenant = @tenant AND vv.value_hash = @verbHash) AND v.kind = 3 AND v.seq = s.seq)" +
        " AND EXISTS (SELECT 1 FROM raw_statement_keys o WHERE o.value_id = (SELECT ov.value_id FROM raw_index_values ov WHERE ov.tenant = @tenant AND ov.value_hash = @activityHash) AND o.kind = 4 AND o.seq = s.seq)" +
        " ORDER BY d.seq DESC LIMIT 41");

    private readonly ConcurrentDictionary<string, long> _valueIds = new(StringComparer.Ordinal);
    private readonly Database _database;

    public RawBaseline(Database database) => _database = database;

    /// <summary>Creates the raw tables, and on SQLite switches the file to WAL as the tool's migrator does.</summary>
    public async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
        }

        var schema = _database.Provider == DatabaseProvider.Sqlite ? SqliteSchema : PostgreSqlSchema;
        foreach (var sql in schema.Concat(CommonIndexes))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// Refreshes PostgreSQL's planner statistics of the raw tables, as autovacuum would have done
    /// for tables filled over minutes, so the select runs with the plan the LRS's tables get.
    /// SQLite needs nothing.
    /// </summary>
    public async Task AnalyzeAsync(CancellationToken cancellationToken)
    {
        if (_database.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("ANALYZE raw_statements, raw_index_values, raw_statement_keys", cancellationToken: cancellationToken));
    }

    /// <summary>Prepares the stored JSON and the index rows of statement <paramref name="n"/>, as the LRS would store them.</summary>
    public static RawStatement Prepare(int n)
    {
        var statement = StatementFactory.Build(n);
        statement["authority"] = new System.Text.Json.Nodes.JsonObject
        {
            ["objectType"] = "Agent",
            ["account"] = new System.Text.Json.Nodes.JsonObject { ["homePage"] = "https://ltipd.invalid/xapi/credentials", ["name"] = LrsLoadCommand.CredentialKey },
        };
        statement["version"] = "1.0.0";
        statement["stored"] = "2026-12-04T21:00:00.000Z";

        var agent = "mbox:" + StatementFactory.LearnerMbox(n);
        var parent = statement["context"]!["contextActivities"]!["parent"]![0]!["id"]!.GetValue<string>();
        var index = new (int Kind, string Value)[]
        {
            (1, agent), (2, agent), (2, "account:https://ltipd.invalid/xapi/credentials|" + LrsLoadCommand.CredentialKey),
            (3, StatementFactory.VerbId(n)), (4, StatementFactory.ActivityId(n)), (5, StatementFactory.ActivityId(n)), (5, parent),
            (6, statement["context"]!["registration"]!.GetValue<string>()),
        };
        return new RawStatement(statement["id"]!.GetValue<string>(), statement.ToJsonString(), index.Select(row => (row.Kind, Sha256Hex(row.Value))).ToArray());
    }

    /// <summary>
    /// Inserts <paramref name="batch"/> in one transaction: each statement, then its key rows. A
    /// value hash not cached yet gets its id from an upsert into <c>raw_index_values</c>.
    /// </summary>
    public async Task InsertBatchAsync(IReadOnlyList<RawStatement> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var storedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var newIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var statement in batch)
        {
            var seq = await connection.ExecuteScalarAsync<long>(_database.Command(
                InsertStatement, new { tenant = Tenant, id = statement.Id, credentialKey = LrsLoadCommand.CredentialKey, storedAtMs, json = statement.Json }, cancellationToken, transaction));
            var valueIds = new long[statement.Index.Length];
            for (var i = 0; i < valueIds.Length; i++)
            {
                var hash = statement.Index[i].Hash;
                if (!_valueIds.TryGetValue(hash, out valueIds[i]) && !newIds.TryGetValue(hash, out valueIds[i]))
                {
                    valueIds[i] = await connection.ExecuteScalarAsync<long>(_database.Command(
                        UpsertValue, new { tenant = Tenant, valueHash = hash }, cancellationToken, transaction));
                    newIds[hash] = valueIds[i];
                }
            }

            var rows = statement.Index.Select((row, i) => new { valueId = valueIds[i], kind = row.Kind, seq });
            await connection.ExecuteAsync(_database.Command(InsertKey, rows, cancellationToken, transaction));
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var (hash, valueId) in newIds)
        {
            _valueIds[hash] = valueId;
        }
    }

    /// <summary>Runs the filtered select for statement <paramref name="n"/>'s agent, verb and activity; returns the elapsed Stopwatch ticks and the row count.</summary>
    public async Task<(long Ticks, int Rows)> SelectAsync(int n, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var parameters = new
        {
            tenant = Tenant,
            agentHash = Sha256Hex("mbox:" + StatementFactory.LearnerMbox(n)),
            verbHash = Sha256Hex(StatementFactory.VerbId(n)),
            activityHash = Sha256Hex(StatementFactory.ActivityId(n)),
        };
        await using var connection = await _database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Seq, string StatementJson)>(_database.Command(SelectFiltered, parameters, cancellationToken))).AsList();
        return (Stopwatch.GetTimestamp() - started, rows.Count);
    }

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
