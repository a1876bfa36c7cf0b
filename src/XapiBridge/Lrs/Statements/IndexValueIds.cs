using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Finds or creates the integer ids of filter values in <c>lrs_index_values</c>, one id per
/// district and value hash, and caches the ids of committed rows.
/// </summary>
/// <remarks>
/// Only ids whose row committed enter the cache: an id read or created inside a transaction
/// stays in the caller's dictionary until <see cref="AddCommitted"/>, because a rollback would
/// leave the cache naming a row that does not exist.
/// </remarks>
internal sealed class IndexValueIds
{
    // A district with a registration per statement adds one value per statement; past this
    // size the cache starts over rather than grow without bound.
    private const int MaxCachedValues = 200_000;

    // @hashes as in StatementSql.SelectJsonByIds: one JSON array on SQLite.
    private static readonly SqlText SelectIds = SqlText.PerProvider(
        "SELECT value_hash AS ValueHash, value_id AS ValueId FROM lrs_index_values WHERE tenant = @tenant AND value_hash IN (SELECT value FROM json_each(@hashes))",
        "SELECT value_hash AS ValueHash, value_id AS ValueId FROM lrs_index_values WHERE tenant = @tenant AND value_hash = ANY(@hashes)",
        "SELECT value_hash AS ValueHash, value_id AS ValueId FROM lrs_index_values WHERE tenant = @tenant AND value_hash IN @hashes");

    private const string SqliteInsert =
        "INSERT INTO lrs_index_values (tenant, value_hash) VALUES (@tenant, @hash) ON CONFLICT (tenant, value_hash) DO NOTHING RETURNING value_id";

    private static readonly SqlText SqliteInsertText = SqlText.Portable(SqliteInsert);

    private const string PostgreSqlInsert =
        "INSERT INTO lrs_index_values (tenant, value_hash) SELECT @tenant, h FROM unnest(@hashes) AS h " +
        "ON CONFLICT (tenant, value_hash) DO NOTHING RETURNING value_hash AS ValueHash, value_id AS ValueId";

    private const string SqlServerInsert =
        "INSERT INTO lrs_index_values (tenant, value_hash) OUTPUT INSERTED.value_id SELECT @tenant, @hash " +
        "WHERE NOT EXISTS (SELECT 1 FROM lrs_index_values WITH (UPDLOCK, HOLDLOCK) WHERE tenant = @tenant AND value_hash = @hash)";

    private readonly ConcurrentDictionary<(string Tenant, string ValueHash), long> _committed = new();

    /// <summary>Adds ids whose rows are known to be committed.</summary>
    public void AddCommitted(IEnumerable<KeyValuePair<(string Tenant, string ValueHash), long>> ids)
    {
        if (_committed.Count > MaxCachedValues)
        {
            _committed.Clear();
        }

        foreach (var (key, id) in ids)
        {
            _committed[key] = id;
        }
    }

    /// <summary>Empties the cache, after a write failed in a way that may involve a cached id.</summary>
    public void Clear() => _committed.Clear();

    /// <summary>
    /// Adds to <paramref name="resolved"/> the id of every hash in <paramref name="hashes"/> that
    /// neither the cache nor <paramref name="known"/> (ids found earlier in the same transaction)
    /// holds, reading existing rows and inserting the others.
    /// </summary>
    public async Task ResolveAsync(
        Database database,
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        IEnumerable<string> hashes,
        IReadOnlyDictionary<(string Tenant, string ValueHash), long>? known,
        Dictionary<(string Tenant, string ValueHash), long> resolved,
        CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var hash in hashes)
        {
            var key = (tenant, hash);
            if (resolved.ContainsKey(key))
            {
                continue;
            }

            if (_committed.TryGetValue(key, out var id) || (known is not null && known.TryGetValue(key, out id)))
            {
                resolved[key] = id;
                continue;
            }

            missing.Add(hash);
        }

        if (missing.Count == 0)
        {
            return;
        }

        await SelectAsync(database, connection, transaction, tenant, missing, resolved, cancellationToken);
        var absent = missing.Where(hash => !resolved.ContainsKey((tenant, hash))).ToList();
        if (absent.Count == 0)
        {
            return;
        }

        await InsertAsync(database, connection, transaction, tenant, absent, resolved, cancellationToken);

        // A row another transaction inserted first returns no id from the insert, so it is read.
        var conflicted = absent.Where(hash => !resolved.ContainsKey((tenant, hash))).ToList();
        if (conflicted.Count > 0)
        {
            await SelectAsync(database, connection, transaction, tenant, conflicted, resolved, cancellationToken);
        }
    }

    private static async Task SelectAsync(
        Database database, DbConnection connection, DbTransaction transaction, string tenant, List<string> hashes,
        Dictionary<(string Tenant, string ValueHash), long> resolved, CancellationToken cancellationToken)
    {
        foreach (var chunk in hashes.Chunk(StatementRowsSql.MaxListParameters))
        {
            var list = StatementSql.ListParameter(database.Provider, chunk);
            var rows = await database.QueryAsync<ValueIdRow>(connection, SelectIds, new { tenant, hashes = list }, cancellationToken, transaction);
            foreach (var row in rows)
            {
                resolved[(tenant, row.ValueHash)] = row.ValueId;
            }
        }
    }

    private static async Task InsertAsync(
        Database database, DbConnection connection, DbTransaction transaction, string tenant, List<string> hashes,
        Dictionary<(string Tenant, string ValueHash), long> resolved, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            foreach (var chunk in hashes.Chunk(StatementRowsSql.MaxListParameters))
            {
                var rows = await connection.QueryAsync<(string ValueHash, long ValueId)>(new CommandDefinition(
                    PostgreSqlInsert, new { tenant, hashes = chunk }, transaction, database.CommandTimeoutSeconds, cancellationToken: cancellationToken));
                foreach (var (valueHash, valueId) in rows)
                {
                    resolved[(tenant, valueHash)] = valueId;
                }
            }

            return;
        }

        // SQLite runs in process, so one prepared single-row statement per value costs no round
        // trip. The pooled connection keeps it prepared, unless pooling is off.
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var values = new object?[] { tenant, hashes[0] };
            if (database.TryExecuteByPosition(connection, transaction, SqliteInsertText, values, out _, out var firstId))
            {
                AddInserted(resolved, tenant, hashes[0], firstId);
                foreach (var hash in hashes.Skip(1))
                {
                    values[1] = hash;
                    database.TryExecuteByPosition(connection, transaction, SqliteInsertText, values, out _, out var id);
                    AddInserted(resolved, tenant, hash, id);
                }

                return;
            }
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = database.CommandTimeoutSeconds;
        command.CommandText = database.Provider == DatabaseProvider.Sqlite ? SqliteInsert : SqlServerInsert;
        StatementRowsSql.AddParameter(command, "@tenant", tenant);
        var hashParameter = StatementRowsSql.AddParameter(command, "@hash", "");
        foreach (var hash in hashes)
        {
            hashParameter.Value = hash;
            if (await command.ExecuteScalarAsync(cancellationToken) is { } id and not DBNull)
            {
                resolved[(tenant, hash)] = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    // An insert that found the row already there returns no id, and the caller reads it.
    private static void AddInserted(Dictionary<(string Tenant, string ValueHash), long> resolved, string tenant, string hash, object? id)
    {
        if (id is long valueId)
        {
            resolved[(tenant, hash)] = valueId;
        }
    }

    private sealed record ValueIdRow(string ValueHash, long ValueId);
}
