using LtiPd.Storage;
using Microsoft.Extensions.Logging;

namespace LtiPd.Gamification.Engine;

/// <summary>
/// The WAL checkpointer of the host's engine on SQLite (none on PostgreSQL and SQL Server). The
/// host owns it, so disposing the host stops the checkpoint loop before the database goes away.
/// </summary>
internal sealed class EngineWalCheckpoint : IAsyncDisposable
{
    public EngineWalCheckpoint(Database database, ILogger<EngineWalCheckpoint> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        Checkpointer = database.Provider == DatabaseProvider.Sqlite ? new WalCheckpointer(database, logger) : null;
    }

    /// <summary>The checkpointer, or null when the database is not SQLite.</summary>
    public WalCheckpointer? Checkpointer { get; }

    /// <summary>Returns the running checkpoint loop, or a completed task when none runs.</summary>
    public Task WhenIdleAsync() => Checkpointer?.WhenIdleAsync() ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => Checkpointer?.DisposeAsync() ?? ValueTask.CompletedTask;
}
