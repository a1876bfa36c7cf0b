using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LtiPd.Storage;

/// <summary>
/// Opens connections to the configured database and builds Dapper commands for it. Repositories
/// open one short connection per call; the drivers pool the physical connections.
/// </summary>
public sealed class Database
{
    private readonly NpgsqlDataSource? _npgsqlDataSource;

    /// <summary>Creates the database access for a resolved provider and connection string.</summary>
    public Database(DatabaseProvider provider, string connectionString, int commandTimeoutSeconds = 30)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        ConnectionString = connectionString;
        CommandTimeoutSeconds = commandTimeoutSeconds;
        if (provider == DatabaseProvider.PostgreSql)
        {
            _npgsqlDataSource = NpgsqlDataSource.Create(connectionString);
        }
    }

    /// <summary>The engine behind this database.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The resolved connection string. Never log it: it can carry a password.</summary>
    public string ConnectionString { get; }

    /// <summary>Seconds a command may run before it is cancelled.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>Creates a database from options, resolving the SQLite file under the data folder.</summary>
    public static Database FromOptions(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Database(options.Provider, ResolveConnectionString(options, contentRoot), options.CommandTimeoutSeconds);
    }

    /// <summary>
    /// Returns the connection string to use. For SQLite without one, it names <c>ltipd.db</c> in the
    /// data folder and creates that folder, so the first run needs no setup step.
    /// </summary>
    public static string ResolveConnectionString(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                EnsureSqliteFolder(options.ConnectionString, contentRoot);
            }

            return options.ConnectionString;
        }

        var folder = Path.GetFullPath(options.DataDirectory, contentRoot);
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "ltipd.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    /// <summary>Opens a new connection. SQLite connections get the pragmas LtiPd relies on.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(ConnectionString),
            DatabaseProvider.PostgreSql => _npgsqlDataSource!.CreateConnection(),
            DatabaseProvider.SqlServer => new SqlConnection(ConnectionString),
        };

        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Provider == DatabaseProvider.Sqlite)
            {
                // Foreign keys are off by default in SQLite and are a per-connection setting.
                // busy_timeout makes a writer wait for the single write lock instead of failing.
                await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Builds a Dapper command with this database's text for <paramref name="sql"/>.</summary>
    public CommandDefinition Command(
        SqlText sql,
        object? parameters,
        CancellationToken cancellationToken,
        IDbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return new CommandDefinition(
            sql.For(Provider),
            parameters,
            transaction,
            CommandTimeoutSeconds,
            cancellationToken: cancellationToken);
    }

    private static void EnsureSqliteFolder(string connectionString, string contentRoot)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource, contentRoot));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
