using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using LtiPd.Storage;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Inserts statements and index rows with few commands. PostgreSQL and SQL Server get multi-row
/// inserts, so a batch of 100 statements takes a few round trips instead of about 900. The text
/// for each row count is built once and cached. SQLite runs in process and has no round trips,
/// but Microsoft.Data.Sqlite binds each parameter by a name lookup that scans every parameter
/// of the statement, so a 900-parameter insert spent most of its time comparing names. There
/// each row runs the single-row statement that the pooled connection keeps prepared
/// (<see cref="Database.TryExecuteByPosition"/>), with its values bound by position.
/// </summary>
internal static class StatementRowsSql
{
    /// <summary>
    /// Values per <c>IN</c> list or multi-row insert. SQL Server takes at most 2,100 parameters
    /// and 1,000 rows per <c>VALUES</c>, so each command stays well below both.
    /// </summary>
    public const int MaxListParameters = 500;

    private const int StatementRowsPerCommand = 200;
    private const int IndexRowsPerCommand = 300;

    private const string SqliteInsertStatement =
        "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json) VALUES (@tenant, @id, @credentialKey, @storedAtMs, 0, @json) RETURNING seq";

    private const string SqliteInsertKeyRow =
        "INSERT INTO lrs_statement_keys (value_id, kind, seq) VALUES (@valueId, @kind, @seq)";

    private static readonly SqlText SqliteInsertStatementText = SqlText.Portable(SqliteInsertStatement);
    private static readonly SqlText SqliteInsertKeyRowText = SqlText.Portable(SqliteInsertKeyRow);

    private static readonly ConcurrentDictionary<(DatabaseProvider Provider, int Rows), string> StatementTexts = new();
    private static readonly ConcurrentDictionary<int, string> IndexTexts = new();

    /// <summary>Inserts the statements and returns the seq each statement id received.</summary>
    public static async Task<Dictionary<string, long>> InsertStatementsAsync(
        Database database,
        DbConnection connection,
        DbTransaction transaction,
        string tenant,
        string credentialKey,
        long storedAtMs,
        IReadOnlyList<StatementInsert> inserts,
        CancellationToken cancellationToken)
    {
        var seqs = new Dictionary<string, long>(inserts.Count, StringComparer.Ordinal);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new object?[] { tenant, null, credentialKey, storedAtMs, null };
            var inserted = 0;
            foreach (var insert in inserts)
            {
                values[1] = insert.Id;
                values[4] = insert.Json;

                // Without pooling no statement is kept, so the first row runs nothing and the
                // command below inserts every row.
                if (!database.TryExecuteByPosition(connection, transaction, SqliteInsertStatementText, values, out _, out var seq))
                {
                    break;
                }

                seqs[insert.Id] = (long)seq!;
                inserted++;
            }

            if (inserted == inserts.Count)
            {
                return seqs;
            }

            await using var single = CreateCommand(database, connection, transaction, SqliteInsertStatement);
            AddParameter(single, "@tenant", tenant);
            AddParameter(single, "@credentialKey", credentialKey);
            AddParameter(single, "@storedAtMs", storedAtMs);
            var id = AddParameter(single, "@id", "");
            var json = AddParameter(single, "@json", "");
            foreach (var insert in inserts)
            {
                id.Value = insert.Id;
                json.Value = insert.Json;
                seqs[insert.Id] = (long)(await single.ExecuteScalarAsync(cancellationToken))!;
            }

            return seqs;
        }

        foreach (var chunk in inserts.Chunk(StatementRowsPerCommand))
        {
            await using var command = CreateCommand(database, connection, transaction,
                StatementTexts.GetOrAdd((database.Provider, chunk.Length), key => BuildStatementText(key.Provider, key.Rows)));
            AddParameter(command, "@tenant", tenant);
            AddParameter(command, "@credentialKey", credentialKey);
            AddParameter(command, "@storedAtMs", storedAtMs);
            for (var row = 0; row < chunk.Length; row++)
            {
                AddParameter(command, string.Create(CultureInfo.InvariantCulture, $"@i{row}"), chunk[row].Id);
                AddParameter(command, string.Create(CultureInfo.InvariantCulture, $"@j{row}"), chunk[row].Json);
            }

            // RETURNING and OUTPUT do not promise the order of the rows, so each seq comes back
            // with its statement id.
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                seqs[reader.GetString(1)] = reader.GetInt64(0);
            }
        }

        return seqs;
    }

    /// <summary>Inserts rows of <c>lrs_statement_keys</c>.</summary>
    public static async Task InsertKeyRowsAsync(
        Database database,
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<(int Kind, long ValueId, long Seq)> rows,
        CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite && rows.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new object?[3];
            if (database.TryExecuteByPosition(connection, transaction, SqliteInsertKeyRowText, SetKeyRow(values, rows[0]), out _, out _))
            {
                for (var index = 1; index < rows.Count; index++)
                {
                    database.TryExecuteByPosition(connection, transaction, SqliteInsertKeyRowText, SetKeyRow(values, rows[index]), out _, out _);
                }

                return;
            }
        }

        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var single = CreateCommand(database, connection, transaction, SqliteInsertKeyRow);
            var valueId = AddParameter(single, "@valueId", 0L);
            var kind = AddParameter(single, "@kind", 0);
            var seq = AddParameter(single, "@seq", 0L);
            foreach (var row in rows)
            {
                valueId.Value = row.ValueId;
                kind.Value = row.Kind;
                seq.Value = row.Seq;
                await single.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        foreach (var chunk in rows.Chunk(IndexRowsPerCommand))
        {
            await using var command = CreateCommand(database, connection, transaction, IndexTexts.GetOrAdd(chunk.Length, BuildIndexText));
            for (var row = 0; row < chunk.Length; row++)
            {
                AddParameter(command, string.Create(CultureInfo.InvariantCulture, $"@v{row}"), chunk[row].ValueId);
                AddParameter(command, string.Create(CultureInfo.InvariantCulture, $"@k{row}"), chunk[row].Kind);
                AddParameter(command, string.Create(CultureInfo.InvariantCulture, $"@s{row}"), chunk[row].Seq);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static object?[] SetKeyRow(object?[] values, (int Kind, long ValueId, long Seq) row)
    {
        values[0] = row.ValueId;
        values[1] = row.Kind;
        values[2] = row.Seq;
        return values;
    }

    private static string BuildStatementText(DatabaseProvider provider, int rows)
    {
        const string Columns = "INSERT INTO lrs_statements (tenant, statement_id, credential_key, stored_at_ms, voided, statement_json)";
        var text = new StringBuilder(Columns);
        if (provider == DatabaseProvider.SqlServer)
        {
            text.Append(" OUTPUT INSERTED.seq, INSERTED.statement_id");
        }

        text.Append(" VALUES ");
        for (var row = 0; row < rows; row++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(row == 0 ? "" : ", ")}(@tenant, @i{row}, @credentialKey, @storedAtMs, 0, @j{row})");
        }

        if (provider != DatabaseProvider.SqlServer)
        {
            text.Append(" RETURNING seq, statement_id");
        }

        return text.ToString();
    }

    private static string BuildIndexText(int rows)
    {
        var text = new StringBuilder("INSERT INTO lrs_statement_keys (value_id, kind, seq) VALUES ");
        for (var row = 0; row < rows; row++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(row == 0 ? "" : ", ")}(@v{row}, @k{row}, @s{row})");
        }

        return text.ToString();
    }

    private static DbCommand CreateCommand(Database database, DbConnection connection, DbTransaction transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        command.CommandTimeout = database.CommandTimeoutSeconds;
        return command;
    }

    public static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
