using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LtiPd.Storage;

/// <summary>
/// Opens connections to the configured database and builds Dapper commands for it. Repositories
/// open one short connection per call; the drivers pool the physical connections.
/// </summary>
public sealed partial class Database : IAsyncDisposable, IDisposable
{
    // Foreign keys are off by default in SQLite and are a per-connection setting.
    // With synchronous = NORMAL in WAL mode (which the migrator sets), a commit does not wait for
    // an fsync while it holds the single write lock, because the WAL is synced at checkpoints. An
    // application crash loses nothing. A power loss or OS crash may undo the last commits but
    // does not corrupt the file (SQLite documentation, "PRAGMA synchronous"). A writer waits up
    // to 5 s for the single write lock (SqliteBusyWait) instead of failing at once.
    // The checkpointer of the write turns takes a turn for its second pass only once the WAL
    // contains 32,768 frames (128 MiB at 4 KiB pages), and empties the file at 65,536. In launch
    // load runs a second pass every 500 ms put its two fsyncs in the tail of the latency.
    private const long TurnPassFrames = 32_768;
    private const long TurnWalLimitFrames = 65_536;

    // Items per IN list on SQLite (ListItemsPerCommand): small enough that the quadratic
    // parameter search stays below the cost of running one more query.
    private const int SqliteListItems = 50;

    // temp_store = MEMORY keeps statement journals, sorts and temporary tables in memory. Past
    // 64 KiB (SQLITE_STMTJRNL_SPILL) SQLite wrote the journal of a many-row statement, such as a
    // batch's key rows, to a new temporary file, which the kernel allocated and dropped again.
    private const string SqliteConnectionPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;";

    // The settings above belong to the native handle, and a pooled SqliteConnection hands out the
    // same handle again, so they run once per handle. In a loop of pooled opens that saved 5 to
    // 14 us of CPU per open. Code that changes one of them on a pooled connection must set it
    // back before the connection returns to the pool.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> ConfiguredSqliteHandles = [];
    private static readonly object ConfiguredMark = new();

    private readonly NpgsqlDataSource? _npgsqlDataSource;
    private readonly bool _sqliteStatementCache;

    // SQLite lets one connection write at a time. Writers of this process that take turns here
    // wait without holding a thread, where a writer that finds the lock held waits in
    // SqliteBusyWait's sleeps.
    private readonly SemaphoreSlim? _sqliteWriteGate;

    // Checkpoints the WAL for writes that take a turn with their connection, so no turn waits
    // for a checkpoint's fsyncs. Its loop starts at the first such commit.
    private readonly WalCheckpointer? _turnCheckpointer;

    /// <summary>Creates the database access for a resolved provider and connection string.</summary>
    /// <param name="provider">The database product: SQLite, PostgreSQL or SQL Server.</param>
    /// <param name="connectionString">The resolved connection string.</param>
    /// <param name="commandTimeoutSeconds">Seconds a command may run before it is cancelled.</param>
    /// <param name="logger">Receives the failures of WAL checkpoints on SQLite; none are logged when null.</param>
    public Database(DatabaseProvider provider, string connectionString, int commandTimeoutSeconds = 30, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        ConnectionString = connectionString;
        CommandTimeoutSeconds = commandTimeoutSeconds;
        if (provider == DatabaseProvider.PostgreSql)
        {
            _npgsqlDataSource = NpgsqlDataSource.Create(connectionString);
        }

        // Without pooling each close finalizes the native handle, so statements kept on it
        // would never be reused.
        _sqliteStatementCache = provider == DatabaseProvider.Sqlite && new SqliteConnectionStringBuilder(connectionString).Pooling;
        _sqliteWriteGate = provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
        if (_sqliteStatementCache)
        {
            _turnCheckpointer = new WalCheckpointer(this, logger, walLimitFrames: TurnWalLimitFrames)
            {
                WriterTurn = RunInWriteTurnAsync,
                TurnPassFrames = TurnPassFrames,
            };
        }
    }

    /// <summary>The engine behind this database.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>
    /// Returns how many items one Dapper <c>IN @list</c> expansion should carry: at most
    /// <paramref name="serverLimit"/>, and at most 50 on SQLite.
    /// </summary>
    /// <remarks>
    /// Dapper expands a list into one parameter per item, and Microsoft.Data.Sqlite finds each
    /// parameter by a linear search of the statement's parameter names, so binding a list of n
    /// items takes time in n squared. With lists of up to 1,000 items that search took about a
    /// fifth of the tool's CPU in an LRS load run (docs/benchmarks.md).
    /// </remarks>
    public int ListItemsPerCommand(int serverLimit) =>
        Provider == DatabaseProvider.Sqlite ? Math.Min(serverLimit, SqliteListItems) : serverLimit;

    /// <summary>The resolved connection string. Never log it: it can carry a password.</summary>
    public string ConnectionString { get; }

    /// <summary>Seconds a command may run before it is cancelled.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>Creates a database from options, resolving the SQLite file under the data folder.</summary>
    public static Database FromOptions(StorageOptions options, string contentRoot, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Database(options.Provider, ResolveConnectionString(options, contentRoot), options.CommandTimeoutSeconds, logger);
    }

    /// <summary>
    /// Returns the connection string to use. For SQLite without one, it names <c>ltipd.db</c> in the
    /// data folder. For SQLite with one, a relative file path is resolved against
    /// <paramref name="contentRoot"/> rather than the process's working folder. Either way the
    /// file's folder is created, so the first run needs no setup step.
    /// </summary>
    public static string ResolveConnectionString(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.Provider == DatabaseProvider.Sqlite
                ? ResolveSqliteFile(options.ConnectionString, contentRoot)
                : options.ConnectionString;
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
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            ConfigureSqliteHandleOnce(connection);

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens a new connection synchronously, for callers whose interface is synchronous (the
    /// data-protection key repository). Everything else uses <see cref="OpenAsync"/>.
    /// </summary>
    public DbConnection Open()
    {
        var connection = CreateConnection();
        try
        {
            connection.Open();
            ConfigureSqliteHandleOnce(connection);

            return connection;
        }
        catch
        {
            connection.Dispose();
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

    /// <summary>
    /// Waits until no other write of this process that took a turn here runs on this SQLite
    /// database, and returns the turn to dispose after the commit. Writes that take no turn
    /// (other processes, and code that does not call this) still wait for SQLite's write lock as
    /// before, so a turn is never needed for correctness. On PostgreSQL and SQL Server it returns
    /// at once. Do not take a second turn while holding one: the first would wait forever.
    /// </summary>
    public async ValueTask<WriteTurn> EnterWriteTurnAsync(CancellationToken cancellationToken)
    {
        if (_sqliteWriteGate is null)
        {
            return WriteTurn.None;
        }

        await _sqliteWriteGate.WaitAsync(cancellationToken);
        return new WriteTurn(_sqliteWriteGate);
    }

    /// <summary>
    /// Waits for this process's turn to write, as <see cref="EnterWriteTurnAsync(CancellationToken)"/>
    /// does, for writes on <paramref name="connection"/>. On SQLite the commits of the turn also
    /// skip SQLite's automatic checkpoint: the database checkpoints on a connection of its own
    /// after the turn, at most every 500 ms (<see cref="WalCheckpointer"/>). Only the last pass
    /// of such a checkpoint takes a turn of its own, once the WAL contains 32,768 frames or more.
    /// Dispose the turn before the connection,
    /// which gets SQLite's automatic checkpoint back then.
    /// </summary>
    /// <remarks>
    /// Without this, a commit that found 1,000 pages in the WAL ran a checkpoint before it
    /// returned and released the turn. The checkpoint syncs the WAL and the database file, and
    /// every other writer of the process waited for both fsyncs.
    /// </remarks>
    public async ValueTask<WriteTurn> EnterWriteTurnAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var turn = await EnterWriteTurnAsync(cancellationToken);
        if (_turnCheckpointer is not null && connection is SqliteConnection { Handle: not null } sqlite)
        {
            turn.SkipAutoCheckpoint(sqlite, _turnCheckpointer);
        }

        return turn;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_turnCheckpointer is not null)
        {
            await _turnCheckpointer.DisposeAsync();
        }

        if (_npgsqlDataSource is not null)
        {
            await _npgsqlDataSource.DisposeAsync();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // The loop is awaited on a pool thread, so blocking here cannot deadlock on the caller's
        // synchronization context.
        if (_turnCheckpointer is { } checkpointer)
        {
            Task.Run(async () => await checkpointer.DisposeAsync()).GetAwaiter().GetResult();
        }

        _npgsqlDataSource?.Dispose();
    }

    /// <summary>Returns the running checkpoint loop of the turns with a connection, or a completed task when none runs.</summary>
    internal Task WhenTurnCheckpointsIdleAsync() => _turnCheckpointer?.WhenIdleAsync() ?? Task.CompletedTask;

    // The checkpointer's last pass runs in a turn, with no write of the process in progress, so it
    // can copy every frame and SQLite starts the WAL over at the next write.
    private async Task RunInWriteTurnAsync(Func<Task> action)
    {
        using var turn = await EnterWriteTurnAsync(CancellationToken.None);
        await action();
    }

    // Microsoft.Data.Sqlite runs commands synchronously even through its async methods, so one
    // synchronous path serves OpenAsync and Open.
    private static void ConfigureSqliteHandleOnce(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || ConfiguredSqliteHandles.TryGetValue(handle, out _))
        {
            return;
        }

        sqlite.Execute(SqliteConnectionPragmas);
        SqliteBusyWait.Use(sqlite, SqliteBusyWait.DefaultLimit);
        ConfiguredSqliteHandles.AddOrUpdate(handle, ConfiguredMark);
    }

    private DbConnection CreateConnection() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(ConnectionString),
        DatabaseProvider.PostgreSql => _npgsqlDataSource!.CreateConnection(),
        DatabaseProvider.SqlServer => new SqlConnection(ConnectionString),
    };

    private static string ResolveSqliteFile(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(dataSource)
            || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return connectionString;
        }

        builder.DataSource = Path.GetFullPath(dataSource, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }
}
