using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace LtiPd.Storage;

/// <summary>
/// Applies the embedded migration scripts of every registered component with DbUp, once per
/// script, in name order. On PostgreSQL and SQL Server a database-wide lock makes nodes that
/// start together wait for one another instead of racing on the same script.
/// </summary>
public sealed partial class DatabaseMigrator
{
    internal const long PostgreSqlLockKey = 0x4C7469506400; // "LtiPd" in ASCII, as a 64-bit key.
    private const string SqlServerLockName = "LtiPd.Migrations";

    // How long a node waits for another node's migration before giving up.
    private const int LockTimeoutSeconds = 600;

    private readonly Database _database;
    private readonly IReadOnlyList<MigrationSource> _sources;
    private readonly ILogger<DatabaseMigrator> _logger;

    /// <summary>Creates a migrator for <paramref name="database"/> over the registered sources.</summary>
    public DatabaseMigrator(Database database, IEnumerable<MigrationSource> sources, ILogger<DatabaseMigrator> logger)
    {
        _database = database;
        _sources = sources.DistinctBy(source => source.Assembly).ToList();
        _logger = logger;
    }

    /// <summary>
    /// Brings the schema up to date and returns how many scripts it applied (0 when the schema was
    /// already current), or throws naming the script that failed.
    /// </summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var migrationLock = await AcquireMigrationLockAsync(cancellationToken);

        // NOTE: DbUp (6.x, DefaultScriptSorter) orders scripts by full resource name across all
        // assemblies, so on a new database every LtiPd.Gamification script runs before any
        // LtiPd.LtiTool one. A script must not depend on another component's tables.
        var builder = CreateBuilder()
            .WithScriptsEmbeddedInAssemblies(
                _sources.Select(source => source.Assembly).ToArray(),
                name => MigrationSource.IsScriptFor(name, _database.Provider))
            .WithTransactionPerScript()
            .LogTo(new MicrosoftUpgradeLog(new DbUpDetailLogger(_logger)));

        var result = builder.Build().PerformUpgrade();
        if (!result.Successful)
        {
            var scriptName = result.ErrorScript?.Name ?? "(none)";
            Log.MigrationFailed(_logger, _database.Provider, scriptName, result.Error);
            throw new InvalidOperationException(
                $"Database migration failed in script '{scriptName}' on {_database.Provider}: {result.Error?.Message}",
                result.Error);
        }

        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            await EnableSqliteWriteAheadLogAsync(cancellationToken);
        }

        var applied = result.Scripts.Select(script => script.Name).ToHashSet(StringComparer.Ordinal);
        LogSummaries(applied);
        return applied.Count;
    }

    /// <summary>Logs one line per migration set (a component's scripts for this provider) with how many of its scripts this run applied.</summary>
    private void LogSummaries(IReadOnlySet<string> applied)
    {
        foreach (var source in _sources)
        {
            var scripts = source.Assembly.GetManifestResourceNames()
                .Where(name => MigrationSource.IsScriptFor(name, _database.Provider))
                .ToList();
            if (scripts.Count > 0)
            {
                var setName = source.Assembly.GetName().Name ?? "(unnamed assembly)";
                var appliedInSet = scripts.Count(applied.Contains);
                Log.MigrationsApplied(_logger, setName, _database.Provider, appliedInSet, scripts.Count);
            }
        }
    }

    private UpgradeEngineBuilder CreateBuilder() => _database.Provider switch
    {
        DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(_database.ConnectionString),
        DatabaseProvider.PostgreSql => DeployChanges.To.PostgresqlDatabase(_database.ConnectionString),
        DatabaseProvider.SqlServer => DeployChanges.To.SqlDatabase(_database.ConnectionString),
    };

    // WAL lets readers go on while one writer commits, which suits one node serving many
    // requests. The mode is stored in the database file, so setting it once here is enough.
    private async Task EnableSqliteWriteAheadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var mode = await connection.ExecuteScalarAsync<string>(
            new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite refused write-ahead logging (journal_mode is '{mode}'). Put the database file on a local disk that supports shared memory, not a network share.");
        }
    }

    private async Task<MigrationLock> AcquireMigrationLockAsync(CancellationToken cancellationToken)
    {
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite serves one node; its file lock already serialises writers.
            return new MigrationLock(null, null, null);
        }

        var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            if (_database.Provider == DatabaseProvider.PostgreSql)
            {
                // A session-level advisory lock, scoped to this database. It waits until the
                // command timeout below.
                await connection.ExecuteAsync(new CommandDefinition(
                    "SELECT pg_advisory_lock(@key)",
                    new { key = PostgreSqlLockKey },
                    commandTimeout: LockTimeoutSeconds,
                    cancellationToken: cancellationToken));
                return new MigrationLock(connection, "SELECT pg_advisory_unlock(@key)", new { key = PostgreSqlLockKey });
            }

            // sp_getapplock reports a timeout or deadlock through its return code, not an error.
            var status = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                """
                DECLARE @status int;
                EXEC @status = sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @timeoutMs;
                SELECT @status;
                """,
                new { name = SqlServerLockName, timeoutMs = LockTimeoutSeconds * 1000 },
                commandTimeout: LockTimeoutSeconds + 30,
                cancellationToken: cancellationToken));
            if (status < 0)
            {
                throw new InvalidOperationException(LockFailedMessage($"sp_getapplock returned {status}"));
            }

            return new MigrationLock(connection, "EXEC sp_releaseapplock @Resource = @name, @LockOwner = 'Session'", new { name = SqlServerLockName });
        }
        catch (DbException exception)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(LockFailedMessage(exception.Message), exception);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private string LockFailedMessage(string reason) =>
        $"Could not take the database migration lock on {_database.Provider} within {LockTimeoutSeconds} s ({reason}). " +
        "Another node may still be migrating or be stuck: check its log, or end its database session, then start this node again.";

    /// <summary>
    /// The held migration lock, released explicitly on dispose. Closing the connection is not
    /// enough, because Npgsql and SqlClient return it to their pool with the session still open.
    /// The lock would then live on until the pooled connection is reused, and other nodes would
    /// wait for it.
    /// </summary>
    private sealed class MigrationLock(DbConnection? connection, string? releaseSql, object? parameters) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection is null)
            {
                return;
            }

            try
            {
                // Release even when the migration was cancelled, so the lock does not outlive it.
                await connection.ExecuteAsync(new CommandDefinition(releaseSql!, parameters, cancellationToken: CancellationToken.None));
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "MigrationsApplied", Level = LogLevel.Information,
            Message = "Migration set {MigrationSet} on {Provider} is up to date: {AppliedCount} scripts applied now, {ScriptCount} in total")]
        public static partial void MigrationsApplied(ILogger logger, string migrationSet, DatabaseProvider provider, int appliedCount, int scriptCount);

        [LoggerMessage(EventId = 4002, EventName = "MigrationFailed", Level = LogLevel.Error,
            Message = "Database migration failed on {Provider} in script {Script}")]
        public static partial void MigrationFailed(ILogger logger, DatabaseProvider provider, string script, Exception? exception);
    }
}
