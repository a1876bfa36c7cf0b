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
    private const long PostgreSqlLockKey = 0x4C7469506400; // "LtiPd" in ASCII, as a 64-bit key.
    private const string SqlServerLockName = "LtiPd.Migrations";

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

    /// <summary>Brings the schema up to date, or throws naming the script that failed.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await AcquireMigrationLockAsync(cancellationToken);

        var builder = CreateBuilder()
            .WithScriptsEmbeddedInAssemblies(
                _sources.Select(source => source.Assembly).ToArray(),
                name => MigrationSource.IsScriptFor(name, _database.Provider))
            .WithTransactionPerScript()
            .LogTo(new MicrosoftUpgradeLog(_logger));

        var result = builder.Build().PerformUpgrade();
        if (!result.Successful)
        {
            var scriptName = result.ErrorScript?.Name ?? "(none)";
            Log.MigrationFailed(_logger, _database.Provider, scriptName, result.Error);
            throw new InvalidOperationException(
                $"Database migration failed in script '{result.ErrorScript?.Name}' on {_database.Provider}: {result.Error?.Message}",
                result.Error);
        }

        var appliedCount = result.Scripts.Count();
        Log.MigrationsApplied(_logger, _database.Provider, appliedCount);
    }

    private UpgradeEngineBuilder CreateBuilder() => _database.Provider switch
    {
        DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(_database.ConnectionString),
        DatabaseProvider.PostgreSql => DeployChanges.To.PostgresqlDatabase(_database.ConnectionString),
        DatabaseProvider.SqlServer => DeployChanges.To.SqlDatabase(_database.ConnectionString),
    };

    private async Task<DbConnection?> AcquireMigrationLockAsync(CancellationToken cancellationToken)
    {
        switch (_database.Provider)
        {
            case DatabaseProvider.PostgreSql:
            {
                // A session-level advisory lock, released when this connection closes.
                var connection = await _database.OpenAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(
                    "SELECT pg_advisory_lock(@key)", new { key = PostgreSqlLockKey }, commandTimeout: 600, cancellationToken: cancellationToken));
                return connection;
            }

            case DatabaseProvider.SqlServer:
            {
                var connection = await _database.OpenAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(
                    "EXEC sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 600000",
                    new { name = SqlServerLockName }, commandTimeout: 600, cancellationToken: cancellationToken));
                return connection;
            }

            case DatabaseProvider.Sqlite:
            default:
                // SQLite serves one node; its file lock already serialises writers.
                return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "MigrationsApplied", Level = LogLevel.Information,
            Message = "Database schema on {Provider} is up to date; {ScriptCount} new migration scripts applied")]
        public static partial void MigrationsApplied(ILogger logger, DatabaseProvider provider, int scriptCount);

        [LoggerMessage(EventId = 4002, EventName = "MigrationFailed", Level = LogLevel.Error,
            Message = "Database migration failed on {Provider} in script {Script}")]
        public static partial void MigrationFailed(ILogger logger, DatabaseProvider provider, string script, Exception? exception);
    }
}
