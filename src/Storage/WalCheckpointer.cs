using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;

namespace LtiPd.Storage;

/// <summary>
/// Checkpoints the SQLite WAL on a connection and thread of its own, so a busy writer's commits
/// (the LRS statement writer, the gamification engine) do not run checkpoints. The writer turns
/// SQLite's automatic checkpoint off on its connection for the length of a transaction and calls
/// <see cref="NotifyCommitted"/> after each commit. At most one checkpoint runs per interval while
/// the writer commits.
/// </summary>
/// <remarks>
/// <para>
/// With <c>synchronous = NORMAL</c> in WAL mode a commit only writes the WAL. But SQLite's
/// automatic checkpoint (once the WAL reaches 1,000 pages) runs in the committing connection after
/// the commit, before the call returns (SQLite C interface, <c>sqlite3_wal_autocheckpoint</c> and
/// <c>sqlite3_wal_hook</c>). It copies pages into the database file and syncs the WAL and the
/// database file, so every caller of that group waited for two fsyncs. Durability does not change:
/// committed rows are in the WAL either way, and the checkpoint that copies them syncs the WAL, as
/// before.
/// </para>
/// <para>
/// NOTE: three waits stay on the writer's path, once per checkpoint cycle. The second pass of a
/// checkpoint runs in the writer's turn and syncs the WAL and the database file when it has
/// frames to copy. The first commit after the WAL starts over syncs the new WAL header. A
/// TRUNCATE checkpoint, run only when the WAL has reached its limit, keeps the writer out while
/// it waits for readers and copies the rest.
/// </para>
/// </remarks>
public sealed partial class WalCheckpointer : IAsyncDisposable
{
    /// <summary>Default shortest time between two checkpoints while the writer commits: 500 ms.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Default WAL size, in frames (pages), from which a checkpoint also empties the WAL file:
    /// 16,384, which is 64 MiB at SQLite's default page size of 4 KiB.
    /// </summary>
    /// <remarks>
    /// NOTE: the WAL grows on while the first pass copies, so the file can pass the limit by what
    /// the writers commit in one cycle. A 60,000-statement load run reached 104 MB.
    /// </remarks>
    public const long DefaultWalLimitFrames = 16_384;

    // SQLite's compiled-in default of PRAGMA wal_autocheckpoint, which the other users of a
    // pooled connection expect to find.
    private const int SqliteDefaultAutoCheckpointPages = 1000;

    private readonly Database _database;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly long _walLimitFrames;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _commitPending;
    private bool _stopped;
    private Task _loop = Task.CompletedTask;
    private int _truncations;

    public WalCheckpointer(Database database, ILogger? logger = null, TimeSpan? interval = null, long walLimitFrames = DefaultWalLimitFrames)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfNegative(walLimitFrames);
        _database = database;
        _logger = logger ?? NullLogger.Instance;
        _interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(_interval, TimeSpan.Zero, nameof(interval));
        _walLimitFrames = walLimitFrames;
    }

    /// <summary>
    /// Runs an action in the writer's turn, between two of its transactions. Without it the second
    /// pass of a checkpoint runs at once, alongside the writer.
    /// </summary>
    public Func<Func<Task>, Task>? WriterTurn { get; set; }

    /// <summary>
    /// The WAL size, in frames, from which a checkpoint runs its second pass in the writer's turn.
    /// Below it only the first pass runs, alongside the writer, and the WAL grows on until a pass
    /// finds it at this size. Default: 0, so every checkpoint runs both passes.
    /// </summary>
    /// <remarks>
    /// The second pass syncs the WAL and the database file while every writer waits for the turn.
    /// A writer committing without pause therefore waits once per second pass, and a larger value
    /// makes that rarer at the cost of a larger WAL file.
    /// </remarks>
    public long TurnPassFrames { get; init; }

    /// <summary>The number of checkpoints that emptied the WAL file since this instance was created.</summary>
    public int Truncations => Volatile.Read(ref _truncations);

    /// <summary>
    /// Turns SQLite's automatic checkpoint off on the writer's connection. Call
    /// <see cref="RestoreAutoCheckpoint"/> before the connection goes back to the pool.
    /// </summary>
    /// <remarks>The C API is called directly because a PRAGMA would cost a prepared command per group.</remarks>
    public static void SuspendAutoCheckpoint(DbConnection connection) =>
        raw.sqlite3_wal_autocheckpoint(((SqliteConnection)connection).Handle, 0);

    /// <summary>Sets SQLite's default automatic checkpoint again, for the next user of the pooled connection.</summary>
    public static void RestoreAutoCheckpoint(DbConnection connection) =>
        raw.sqlite3_wal_autocheckpoint(((SqliteConnection)connection).Handle, SqliteDefaultAutoCheckpointPages);

    /// <summary>
    /// Records that the writer committed, and starts the checkpoint loop on a pool thread unless it
    /// is running. Returns at once.
    /// </summary>
    public void NotifyCommitted()
    {
        lock (_lock)
        {
            _commitPending = true;
            if (_loop.IsCompleted && !_stopped)
            {
                _loop = Task.Run(RunAsync);
            }
        }
    }

    /// <summary>
    /// Returns the running checkpoint loop, which ends one interval after its last checkpoint when
    /// no commit came in meanwhile. Returns a completed task when no loop runs.
    /// </summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return _loop;
        }
    }

    /// <summary>
    /// Waits one interval, so the commits of a burst share a checkpoint, then checkpoints if a commit
    /// came in meanwhile. It ends after an interval without commits. A failed pass is logged, not thrown.
    /// </summary>
    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_interval, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped: the WAL keeps every commit, and the next start checkpoints it.
                return;
            }

            lock (_lock)
            {
                if (!_commitPending)
                {
                    // A NotifyCommitted after this point finds a completed loop and starts a new one.
                    _loop = Task.CompletedTask;
                    return;
                }

                _commitPending = false;
            }

            await CheckpointAsync();
        }
    }

    /// <summary>
    /// Checkpoints in two passes. The first PASSIVE pass copies the bulk of the WAL while the
    /// writer goes on. SQLite starts the WAL over only when a write transaction begins with every
    /// frame copied, which a steady writer never allows, so the second pass runs in the writer's
    /// turn (<see cref="WriterTurn"/>) and copies the frames committed meanwhile.
    /// </summary>
    private async Task CheckpointAsync()
    {
        var walFrames = await CheckpointPassAsync(truncate: false);
        var truncate = walFrames >= _walLimitFrames;
        if (!truncate && walFrames >= 0 && walFrames < TurnPassFrames)
        {
            return;
        }

        if (WriterTurn is { } writerTurn)
        {
            await writerTurn(async () => await CheckpointPassAsync(truncate));
        }
        else if (truncate)
        {
            await CheckpointPassAsync(truncate: true);
        }
    }

    /// <summary>
    /// Runs one PASSIVE checkpoint, which copies what it can without blocking the writer or
    /// readers, or a TRUNCATE checkpoint, which empties the WAL file. Returns the frames the WAL
    /// contained, or -1 after a failure, which it logs instead of throwing.
    /// </summary>
    /// <remarks>
    /// A TRUNCATE is for a WAL at or past the limit: readers of older snapshots kept SQLite from
    /// starting it over (it reached 1.09 GB in a million-statement run with automatic checkpoints).
    /// </remarks>
    private async Task<long> CheckpointPassAsync(bool truncate)
    {
        try
        {
            await using var connection = await _database.OpenAsync(CancellationToken.None);
            if (!truncate)
            {
                var (_, walFrames, _) = await connection.QuerySingleAsync<(long Busy, long WalFrames, long Checkpointed)>("PRAGMA wal_checkpoint(PASSIVE)");
                return walFrames;
            }

            // TRUNCATE keeps writers out while it waits for readers of older snapshots, so it
            // waits 100 ms at most. Database configures a pooled handle only once, so the usual
            // timeout is set back before the connection returns to the pool.
            var sqlite = (SqliteConnection)connection;
            long busy, framesLeft;
            SqliteBusyWait.Use(sqlite, TimeSpan.FromMilliseconds(100));
            try
            {
                (busy, framesLeft, _) = await connection.QuerySingleAsync<(long Busy, long WalFrames, long Checkpointed)>("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            finally
            {
                SqliteBusyWait.Use(sqlite, SqliteBusyWait.DefaultLimit);
            }

            if (busy != 0)
            {
                LogCheckpointBusy(_logger, framesLeft);
                return framesLeft;
            }

            Interlocked.Increment(ref _truncations);
            return 0;
        }
        catch (Exception exception)
        {
            // Any failure is caught: the next commit starts the loop again and retries.
            LogCheckpointFailed(_logger, exception);
            return -1;
        }
    }

    /// <summary>
    /// Stops the checkpoint loop and waits for a checkpoint in progress, so no connection to the
    /// database opens after the owner is gone (a test may delete the file next).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task loop;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            loop = _loop;
        }

        await _stopping.CancelAsync();
        await loop;
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 4010, EventName = "WalCheckpointBusy", Level = LogLevel.Debug,
        Message = "The SQLite WAL checkpoint that empties the WAL did not finish because readers were active; {FramesLeft} frames remain")]
    private static partial void LogCheckpointBusy(ILogger logger, long framesLeft);

    [LoggerMessage(EventId = 4011, EventName = "WalCheckpointFailed", Level = LogLevel.Warning,
        Message = "The SQLite WAL checkpoint failed; it runs again after the next commit")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
