using System.Data.Common;
using Dapper;
using LtiPd.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LtiPd.Storage.Tests;

public sealed class DatabaseTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "ltipd-content-" + Guid.NewGuid().ToString("N"));

    public DatabaseTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public void ResolveConnectionString_SqliteWithoutConnectionString_CreatesDataFolder()
    {
        var options = new StorageOptions { DataDirectory = Path.Combine("var", "data") };

        var connectionString = Database.ResolveConnectionString(options, _contentRoot);

        var expectedFolder = Path.Combine(_contentRoot, "var", "data");
        Assert.True(Directory.Exists(expectedFolder));
        Assert.Equal(Path.Combine(expectedFolder, "ltipd.db"), new SqliteConnectionStringBuilder(connectionString).DataSource);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 1000, 50)]
    [InlineData(DatabaseProvider.Sqlite, 20, 20)]
    [InlineData(DatabaseProvider.PostgreSql, 1000, 1000)]
    [InlineData(DatabaseProvider.SqlServer, 500, 500)]
    public async Task ListItemsPerCommand_Provider_CapsOnlySqlite(DatabaseProvider provider, int serverLimit, int expected)
    {
        await using var database = new Database(provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=127.0.0.1");

        Assert.Equal(expected, database.ListItemsPerCommand(serverLimit));
    }

    [Fact]
    public void ResolveConnectionString_RelativeSqlitePath_ResolvesAgainstContentRoot()
    {
        var options = new StorageOptions { ConnectionString = "Data Source=state/tool.db;Cache=Shared" };

        var connectionString = Database.ResolveConnectionString(options, _contentRoot);

        var builder = new SqliteConnectionStringBuilder(connectionString);
        Assert.Equal(Path.Combine(_contentRoot, "state", "tool.db"), builder.DataSource);
        Assert.Equal(SqliteCacheMode.Shared, builder.Cache);
        Assert.True(Directory.Exists(Path.Combine(_contentRoot, "state")));
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=ltipd;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=file:ltipd.db?mode=ro")]
    public void ResolveConnectionString_SqliteWithoutFilePath_ReturnsUnchanged(string connectionString)
    {
        var options = new StorageOptions { ConnectionString = connectionString };

        var resolved = Database.ResolveConnectionString(options, _contentRoot);

        Assert.Equal(connectionString, resolved);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_contentRoot));
    }

    [Fact]
    public void ResolveConnectionString_PostgreSql_ReturnsUnchanged()
    {
        var options = new StorageOptions
        {
            Provider = DatabaseProvider.PostgreSql,
            ConnectionString = "Host=db.internal;Database=ltipd;Username=ltipd",
        };

        var resolved = Database.ResolveConnectionString(options, _contentRoot);

        Assert.Equal("Host=db.internal;Database=ltipd;Username=ltipd", resolved);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_contentRoot));
    }

    [Fact]
    public async Task StartHost_DefaultSettings_CreatesSqliteFileInDataFolder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot,
        });
        builder.Logging.AddTestOutput();
        builder.Services.AddLtiPdStorage();
        using var host = builder.Build();

        await host.StartAsync(cancellationToken);
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(cancellationToken);
        var keyCount = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys");
        var journalMode = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode");
        await host.StopAsync(cancellationToken);

        Assert.True(File.Exists(Path.Combine(_contentRoot, "data", "ltipd.db")));
        // The data-protection system creates its first key at start-up, in the database.
        Assert.Equal(1, keyCount);
        Assert.Equal("wal", journalMode);
    }

    [Fact]
    public async Task StartHost_MigrateOnStartupOff_LeavesDatabaseEmpty()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:MigrateOnStartup"] = "false" });
        builder.Services.AddLtiPdStorage();
        using var host = builder.Build();

        await host.StartAsync(cancellationToken);
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(cancellationToken);
        var tableCount = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
        await host.StopAsync(cancellationToken);

        Assert.Equal(0, tableCount);
    }

    [Fact]
    public async Task StartHost_PostgreSqlWithoutConnectionString_FailsNamingSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "PostgreSql" });
        builder.Services.AddLtiPdStorage();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Storage:ConnectionString is missing.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartHost_UnknownProviderName_FailsNamingValue()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "MySql" });
        builder.Services.AddLtiPdStorage();
        using var host = builder.Build();

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MySql", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_Sqlite_EnablesForeignKeys()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);

        await using var connection = await database.Database.OpenAsync(cancellationToken);

        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task OpenAsync_SqlitePooledHandle_KeepsItsSettings()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        SQLitePCL.sqlite3 firstHandle;
        await using (var first = await database.Database.OpenAsync(cancellationToken))
        {
            firstHandle = ((SqliteConnection)first).Handle!;
        }

        await using var second = await database.Database.OpenAsync(cancellationToken);
        var foreignKeys = await second.ExecuteScalarAsync<long>("PRAGMA foreign_keys");
        var synchronous = await second.ExecuteScalarAsync<long>("PRAGMA synchronous");
        var tempStore = await second.ExecuteScalarAsync<long>("PRAGMA temp_store");

        Assert.Same(firstHandle, ((SqliteConnection)second).Handle);
        Assert.Equal(1, foreignKeys);
        Assert.Equal(1, synchronous);
        Assert.Equal(2, tempStore);
        Assert.Equal(SqliteBusyWait.DefaultLimit, SqliteBusyWait.LimitOf((SqliteConnection)second));
    }

    [Fact]
    public async Task OpenAsync_SqliteWriteLockHeld_SecondWriterWaitsThenCommits()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        await using var holder = await WriteLockHolder.StartAsync(database.Database, cancellationToken);

        var waiting = Task.Run(
            async () =>
            {
                await using var writer = await database.Database.OpenAsync(cancellationToken);
                await writer.ExecuteAsync("INSERT INTO busy_probe (writer) VALUES ('waiter')");
            },
            cancellationToken);
        await Task.Delay(300, cancellationToken);
        var finishedWhileHeld = waiting.IsCompleted;
        await holder.Transaction.CommitAsync(cancellationToken);
        await waiting;
        var writers = (await holder.Connection.QueryAsync<string>("SELECT writer FROM busy_probe ORDER BY writer")).ToList();

        Assert.False(finishedWhileHeld);
        Assert.Equal(["holder", "waiter"], writers);
    }

    [Fact]
    public async Task SqliteBusyWait_LockHeldPastTimeout_StatementFailsBusy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        await using var holder = await WriteLockHolder.StartAsync(database.Database, cancellationToken);
        await using var writer = (SqliteConnection)await database.Database.OpenAsync(cancellationToken);
        SqliteBusyWait.Use(writer, TimeSpan.FromMilliseconds(50));

        try
        {
            // A command timeout of 1 s ends Microsoft.Data.Sqlite's own retries of SQLITE_BUSY.
            var exception = await Assert.ThrowsAsync<SqliteException>(
                () => writer.ExecuteAsync(new CommandDefinition("INSERT INTO busy_probe (writer) VALUES ('waiter')", commandTimeout: 1, cancellationToken: cancellationToken)));

            Assert.Equal(5, exception.SqliteErrorCode);
        }
        finally
        {
            SqliteBusyWait.Use(writer, SqliteBusyWait.DefaultLimit);
        }
    }

    [Theory]
    [DatabaseData]
    public async Task Command_NamedParameters_ReachEachDriver(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        var echo = SqlText.Portable("SELECT @Text AS Text, @AtMs AS AtMs");

        await using var connection = await database.Database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<EchoRow>(
            database.Database.Command(echo, new { Text = "district-42 'quoted'", AtMs = 1_788_000_000_123L }, cancellationToken));

        Assert.Equal("district-42 'quoted'", row.Text);
        Assert.Equal(1_788_000_000_123L, row.AtMs);
    }

    [Theory]
    [DatabaseData]
    public async Task Open_EachProvider_ReturnsOpenConnection(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider, TestContext.Current.CancellationToken);

        using var connection = database.Database.Open();

        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT 1"));
    }

    private sealed record EchoRow(string Text, long AtMs);

    /// <summary>A connection that holds SQLite's write lock in an open transaction, after creating the busy_probe table.</summary>
    private sealed class WriteLockHolder(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public DbConnection Connection { get; } = connection;

        public DbTransaction Transaction { get; } = transaction;

        public static async Task<WriteLockHolder> StartAsync(Database database, CancellationToken cancellationToken)
        {
            var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteAsync("CREATE TABLE busy_probe (writer TEXT NOT NULL)");
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync("INSERT INTO busy_probe (writer) VALUES ('holder')", transaction: transaction);
            return new WriteLockHolder(connection, transaction);
        }

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
