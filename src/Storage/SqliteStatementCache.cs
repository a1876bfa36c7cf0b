using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LtiPd.Storage;

/// <summary>
/// Prepared statements kept per native SQLite handle, so a pooled connection reuses them across
/// opens. Microsoft.Data.Sqlite prepares a command's SQL again for every new command object and
/// finalizes a connection's commands when it closes, so each Dapper call pays the SQL compile
/// (with the table's triggers) again.
/// </summary>
/// <remarks>
/// A native handle serves one open <c>SqliteConnection</c> at a time, and that connection one
/// call at a time, so a statement is never stepped by two threads at once. A statement rented
/// while it is still in use (a nested call with the same SQL) is prepared for that one use.
/// Every statement is reset and its bindings cleared when it is returned. Statements of a handle
/// that Microsoft.Data.Sqlite closed (a pool prune or clear) are finalized by a sweep every
/// <see cref="SweepInterval"/>: <c>sqlite3_close_v2</c> keeps the database open until then.
/// </remarks>
internal sealed class SqliteStatementCache
{
    /// <summary>How often statements of closed handles are finalized.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The maximum number of statements kept per handle. A new SQL text beyond it replaces the one
    /// whose last use is the oldest, so texts that vary per request cannot keep the hot ones out.
    /// </summary>
    public const int MaxStatements = 64;

    private static readonly ConditionalWeakTable<sqlite3, SqliteStatementCache> Caches = [];
    private static readonly List<SqliteStatementCache> Live = [];
    private static Timer? s_sweepTimer;

    private readonly sqlite3 _handle;
    private readonly Dictionary<string, CachedStatement> _statements = new(StringComparer.Ordinal);
    private long _rentals;
    private bool _finalized;

    private SqliteStatementCache(sqlite3 handle)
    {
        _handle = handle;
    }

    /// <summary>The number of statements this handle keeps prepared.</summary>
    public int Count
    {
        get
        {
            lock (_statements)
            {
                return _statements.Count;
            }
        }
    }

    /// <summary>Returns the cache of <paramref name="handle"/>, creating it on first use.</summary>
    public static SqliteStatementCache For(sqlite3 handle)
    {
        if (Caches.TryGetValue(handle, out var cache))
        {
            return cache;
        }

        cache = Caches.GetValue(handle, key => new SqliteStatementCache(key));
        lock (Live)
        {
            if (!Live.Contains(cache))
            {
                Live.Add(cache);
                s_sweepTimer ??= new Timer(_ => FinalizeClosedHandles(), null, SweepInterval, SweepInterval);
            }
        }

        return cache;
    }

    /// <summary>
    /// Finalizes the statements of every handle that has been closed since the last sweep, so
    /// SQLite can release the connection. Returns the number of handles swept.
    /// </summary>
    public static int FinalizeClosedHandles()
    {
        List<SqliteStatementCache> closed;
        lock (Live)
        {
            closed = Live.Where(cache => cache._handle.IsClosed || cache._handle.IsInvalid).ToList();
            foreach (var cache in closed)
            {
                Live.Remove(cache);
            }
        }

        foreach (var cache in closed)
        {
            cache.FinalizeAll();
        }

        return closed.Count;
    }

    /// <summary>
    /// Returns a prepared statement for <paramref name="sql"/>, ready to bind. Give it back with
    /// <see cref="Return"/> on every path, or it is never reused.
    /// </summary>
    public CachedStatement Rent(string sql)
    {
        lock (_statements)
        {
            ObjectDisposedException.ThrowIf(_finalized, this);
            if (_statements.TryGetValue(sql, out var cached))
            {
                if (cached.InUse)
                {
                    return Prepare(sql, persistent: false);
                }

                cached.InUse = true;
                cached.LastRental = ++_rentals;
                return cached;
            }

            if (_statements.Count >= MaxStatements && !EvictLeastRecentlyUsed())
            {
                return Prepare(sql, persistent: false);
            }

            var statement = Prepare(sql, persistent: true);
            statement.InUse = true;
            statement.LastRental = ++_rentals;
            _statements.Add(sql, statement);
            return statement;
        }
    }

    /// <summary>Returns whether the handle keeps a prepared statement for <paramref name="sql"/>.</summary>
    public bool Contains(string sql)
    {
        lock (_statements)
        {
            return _statements.ContainsKey(sql);
        }
    }

    // Finalizes the statement not in use whose last rental is the oldest. Returns false when every
    // kept statement is in use. Called under the lock.
    private bool EvictLeastRecentlyUsed()
    {
        string? oldest = null;
        var oldestRental = long.MaxValue;
        foreach (var (sql, statement) in _statements)
        {
            if (!statement.InUse && statement.LastRental < oldestRental)
            {
                oldest = sql;
                oldestRental = statement.LastRental;
            }
        }

        if (oldest is null)
        {
            return false;
        }

        _statements.Remove(oldest, out var evicted);
        evicted!.Handle.Dispose();
        return true;
    }

    /// <summary>Resets <paramref name="statement"/>, clears its bindings and makes it available again.</summary>
    public void Return(CachedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);

        // A failed step leaves its error in the reset's result code, which the caller already
        // reported, so the code is not checked here.
        raw.sqlite3_reset(statement.Handle);
        raw.sqlite3_clear_bindings(statement.Handle);
        if (!statement.Persistent)
        {
            statement.Handle.Dispose();
            return;
        }

        lock (_statements)
        {
            statement.InUse = false;
        }
    }

    private CachedStatement Prepare(string sql, bool persistent)
    {
        // SQLITE_PREPARE_PERSISTENT marks the statement as long-lived, so SQLite does not take
        // the statement's memory from the lookaside pool meant for short-lived ones.
        var flags = persistent ? (uint)raw.SQLITE_PREPARE_PERSISTENT : 0;
        var result = raw.sqlite3_prepare_v3(_handle, sql, flags, out var statement, out string tail);
        SqliteException.ThrowExceptionForRC(result, _handle);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            throw new NotSupportedException("A cached SQLite statement must be one SQL statement; run several statements through Database.Command and Dapper.");
        }

        return new CachedStatement(statement, persistent);
    }

    private void FinalizeAll()
    {
        lock (_statements)
        {
            _finalized = true;
            foreach (var statement in _statements.Values)
            {
                statement.Handle.Dispose();
            }

            _statements.Clear();
        }
    }
}
