using Microsoft.Data.Sqlite;

namespace LtiPd.Storage;

/// <summary>
/// This process's turn to write to a SQLite database, from <see cref="Database.EnterWriteTurnAsync(CancellationToken)"/>.
/// Dispose it once the write committed or rolled back; disposing it again does nothing.
/// </summary>
public sealed class WriteTurn : IDisposable
{
    /// <summary>The turn of a provider that needs none.</summary>
    public static readonly WriteTurn None = new(null);

    private SemaphoreSlim? _gate;
    private SqliteConnection? _connection;
    private WalCheckpointer? _checkpointer;

    internal WriteTurn(SemaphoreSlim? gate)
    {
        _gate = gate;
    }

    /// <summary>
    /// Turns SQLite's automatic checkpoint off on <paramref name="connection"/> until the turn
    /// ends, and has <paramref name="checkpointer"/> checkpoint after it.
    /// </summary>
    internal void SkipAutoCheckpoint(SqliteConnection connection, WalCheckpointer checkpointer)
    {
        WalCheckpointer.SuspendAutoCheckpoint(connection);
        _connection = connection;
        _checkpointer = checkpointer;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _gate, null) is not { } gate)
        {
            return;
        }

        // A connection closed before its turn has given its handle back to the pool, and the
        // handle is no longer ours to change.
        if (_connection is { Handle: not null } connection)
        {
            WalCheckpointer.RestoreAutoCheckpoint(connection);
        }

        gate.Release();
        _checkpointer?.NotifyCommitted();
    }
}
