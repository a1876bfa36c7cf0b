using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LtiPd.Storage;

/// <summary>
/// Statements on hot paths: on SQLite they run through a prepared statement kept for the pooled
/// connection (<see cref="SqliteStatementCache"/>), elsewhere through Dapper exactly as
/// <see cref="Command"/> builds them.
/// </summary>
/// <remarks>
/// The SQLite path binds strings, integers, booleans, doubles, byte arrays, enums (as integers)
/// and nulls by exact parameter name, from an object's properties or a dictionary's keys. It
/// reads scalars, or rows through a constructor whose parameter names match the columns. It runs synchronously, as Microsoft.Data.Sqlite does, and
/// checks <c>cancellationToken</c> only before it starts. Unlike a <c>SqliteCommand</c>, it does
/// not check that a connection in a transaction was given that transaction.
/// </remarks>
public sealed partial class Database
{
    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public async Task<int> ExecuteAsync(
        DbConnection connection,
        SqlText sql,
        object? parameters,
        CancellationToken cancellationToken,
        DbTransaction? transaction = null)
    {
        if (CachedSqlite(connection, transaction) is not { } sqlite)
        {
            return await connection.ExecuteAsync(Command(sql, parameters, cancellationToken, transaction));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Run(sqlite, sql, parameters, byPosition: false, (_, _) => { });
    }

    /// <summary>Runs a statement and returns the first column of its first row, or default when it returns no row.</summary>
    public async Task<T?> ExecuteScalarAsync<T>(
        DbConnection connection,
        SqlText sql,
        object? parameters,
        CancellationToken cancellationToken,
        DbTransaction? transaction = null)
    {
        if (CachedSqlite(connection, transaction) is not { } sqlite)
        {
            return await connection.ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken, transaction));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ReadFirstRow<T>(sqlite, sql, parameters, onlyRow: false);
    }

    /// <summary>
    /// Runs a query and returns its only row, or default when it returns none. Throws
    /// <see cref="InvalidOperationException"/> when it returns more than one, as Dapper does.
    /// </summary>
    public async Task<T?> QuerySingleOrDefaultAsync<T>(
        DbConnection connection,
        SqlText sql,
        object? parameters,
        CancellationToken cancellationToken,
        DbTransaction? transaction = null)
    {
        if (CachedSqlite(connection, transaction) is not { } sqlite)
        {
            return await connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken, transaction));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ReadFirstRow<T>(sqlite, sql, parameters, onlyRow: true);
    }

    /// <summary>
    /// Runs a query and returns its rows in order. On SQLite each row is built through the
    /// constructor of <typeparamref name="T"/> whose parameters are named after the columns.
    /// </summary>
    public async Task<List<T>> QueryAsync<T>(
        DbConnection connection,
        SqlText sql,
        object? parameters,
        CancellationToken cancellationToken,
        DbTransaction? transaction = null)
    {
        if (CachedSqlite(connection, transaction) is not { } sqlite)
        {
            return (await connection.QueryAsync<T>(Command(sql, parameters, cancellationToken, transaction))).AsList();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var rows = new List<T>();
        Run(sqlite, sql, parameters, byPosition: false, (statement, _) => rows.Add(statement.ReadRow<T>()));
        return rows;
    }

    /// <summary>
    /// Runs a statement through the prepared statement the pooled SQLite handle keeps, with
    /// <paramref name="values"/> bound by position: the n-th distinct parameter of the text gets
    /// the n-th value. Returns false, and runs nothing, when the connection is not a pooled SQLite
    /// one, so the caller runs its own command. On success <paramref name="changed"/> is the
    /// number of rows the statement changed and <paramref name="firstValue"/> the first column of
    /// its first row (a long, double, string or byte array), or null when it returned no row.
    /// </summary>
    /// <remarks>
    /// A row written this way costs one bind per value and one step. It needs no command object
    /// and no parameter lookup by name, and the text is prepared only on the handle's first use.
    /// </remarks>
    public bool TryExecuteByPosition(
        DbConnection connection,
        DbTransaction? transaction,
        SqlText sql,
        object?[] values,
        out int changed,
        out object? firstValue)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(values);
        changed = 0;
        firstValue = null;
        if (CachedSqlite(connection, transaction) is not { } sqlite)
        {
            return false;
        }

        object? first = null;
        changed = Run(sqlite, sql, values, byPosition: true, (statement, row) =>
        {
            if (row == 0)
            {
                first = statement.ReadValue(0);
            }
        });
        firstValue = first;
        return true;
    }

    // Reads the first row, or default when there is none. With onlyRow, a second row throws
    // InvalidOperationException, as Dapper's QuerySingleOrDefault does.
    private T? ReadFirstRow<T>(SqliteConnection sqlite, SqlText sql, object? parameters, bool onlyRow)
    {
        var value = default(T);
        Run(sqlite, sql, parameters, byPosition: false, (statement, row) =>
        {
            if (row == 0)
            {
                value = statement.ReadRow<T>();
            }
            else if (onlyRow)
            {
                throw new InvalidOperationException("The query returned more than one row where at most one was expected.");
            }
        });
        return value;
    }

    // The open SQLite connection whose handle keeps statements, or null for another provider or
    // for SQLite without pooling, where every close finalizes the handle.
    private SqliteConnection? CachedSqlite(DbConnection connection, DbTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_sqliteStatementCache || connection is not SqliteConnection { Handle: not null } sqlite)
        {
            return null;
        }

        if (transaction is not null && transaction.Connection != connection)
        {
            throw new InvalidOperationException("The transaction belongs to another connection. Pass the transaction of the connection that runs the statement.");
        }

        return sqlite;
    }

    // Steps the statement to its end, calls readRow with each row and its index, and returns the
    // rows the statement changed, counted as Microsoft.Data.Sqlite counts them. With byPosition,
    // parameters is an object?[] of values in parameter order, else an object whose properties
    // are bound by name.
    private int Run(SqliteConnection connection, SqlText sql, object? parameters, bool byPosition, Action<CachedStatement, int> readRow)
    {
        var database = connection.Handle!;
        var cache = SqliteStatementCache.For(database);
        var statement = cache.Rent(sql.For(DatabaseProvider.Sqlite));
        try
        {
            if (byPosition)
            {
                statement.BindByPosition(database, (object?[])parameters!);
            }
            else
            {
                statement.Bind(database, parameters);
            }

            var totalChangesBefore = raw.sqlite3_total_changes(database);
            var result = FirstStep(statement.Handle);
            for (var row = 0; result == raw.SQLITE_ROW; row++)
            {
                readRow(statement, row);
                result = raw.sqlite3_step(statement.Handle);
            }

            SqliteException.ThrowExceptionForRC(result, database);

            // sqlite3_total_changes also counts rows changed by triggers, so it only shows
            // whether the statement changed anything, and sqlite3_changes how many it changed.
            return raw.sqlite3_total_changes(database) > totalChangesBefore ? raw.sqlite3_changes(database) : 0;
        }
        finally
        {
            cache.Return(statement);
        }
    }

    // SqliteBusyWait already waited for the lock. A statement still busy after that is retried
    // until the command timeout, as Microsoft.Data.Sqlite does, but without its 150 ms sleeps.
    private int FirstStep(sqlite3_stmt statement)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var result = raw.sqlite3_step(statement);
            if ((result & 0xFF) is not (raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
                || (CommandTimeoutSeconds != 0 && Stopwatch.GetElapsedTime(started).TotalSeconds >= CommandTimeoutSeconds))
            {
                return result;
            }

            raw.sqlite3_reset(statement);
            Thread.Sleep(1);
        }
    }
}
