using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace LtiPd.Storage;

/// <summary>
/// A SQLite busy handler that retries a held lock about every millisecond. The handler that
/// busy_timeout installs (sqliteDefaultBusyCallback in SQLite's main.c) sleeps 1, 2, 5, 10, 15, 20
/// and 25 ms, then up to 100 ms, between attempts. So a writer that finds a lock held six times
/// in a row has waited 53 ms, although each holder kept it well under a millisecond.
/// </summary>
/// <remarks>
/// SQLitePCLRaw does not wrap sqlite3_busy_handler, so this calls it in the e_sqlite3 library
/// that Microsoft.Data.Sqlite loads. The wait limit travels as the handler's argument, in
/// milliseconds, so no managed object is pinned for it.
/// </remarks>
public static partial class SqliteBusyWait
{
    /// <summary>How long a connection waits for a lock by default before its statement gets SQLITE_BUSY.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(5);

    private const long ShortWaitMilliseconds = 20;
    private const long LongestPauseMilliseconds = 10;

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Limits = [];

    // SQLite calls the handler on the thread of the statement that found the lock held, with a
    // count that starts at 0 for each new wait, so the start of the wait can live in the thread.
    [ThreadStatic]
    private static long t_waitStartedAt;

    /// <summary>Makes <paramref name="connection"/> wait up to <paramref name="limit"/> for a held lock.</summary>
    public static unsafe void Use(SqliteConnection connection, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero);
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open; open it before setting its busy wait.");
        var result = SetBusyHandler(handle.DangerousGetHandle(), &OnBusy, (nint)(long)limit.TotalMilliseconds);
        if (result != 0)
        {
            throw new InvalidOperationException($"Setting the SQLite busy handler failed with result code {result}. Open a new connection.");
        }

        Limits.AddOrUpdate(handle, limit);
    }

    /// <summary>Returns the wait limit that <see cref="Use"/> last set on the connection's handle, or null when it set none.</summary>
    public static TimeSpan? LimitOf(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Handle is { } handle && Limits.TryGetValue(handle, out var limit) ? (TimeSpan)limit : null;
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_busy_handler")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe partial int SetBusyHandler(nint database, delegate* unmanaged[Cdecl]<nint, int, int> handler, nint argument);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnBusy(nint limitMilliseconds, int count)
    {
        var now = Stopwatch.GetTimestamp();
        if (count == 0)
        {
            t_waitStartedAt = now;
        }

        var waitedMilliseconds = (long)Stopwatch.GetElapsedTime(t_waitStartedAt, now).TotalMilliseconds;
        if (waitedMilliseconds >= limitMilliseconds)
        {
            return 0;
        }

        // The first retries only give up the core, which lets a lock holder that is ready to run
        // finish first on a busy machine. Then 1 ms steps, and longer ones after a long wait.
        if (count < 2)
        {
            Thread.Yield();
        }
        else if (waitedMilliseconds < ShortWaitMilliseconds)
        {
            Thread.Sleep(1);
        }
        else
        {
            Thread.Sleep((int)Math.Min(waitedMilliseconds / 10, LongestPauseMilliseconds));
        }

        return 1;
    }
}
