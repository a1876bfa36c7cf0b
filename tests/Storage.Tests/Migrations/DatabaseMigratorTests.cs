using Dapper;
using Microsoft.Extensions.Logging;
using LtiPd.TestSupport;

namespace LtiPd.Storage.Tests.Migrations;

public sealed class DatabaseMigratorTests
{
    private static readonly System.Reflection.Assembly StorageAssembly = typeof(DatabaseMigrator).Assembly;

    [Theory]
    [DatabaseData]
    public async Task MigrateAsync_EmptyDatabase_AppliesStorageScripts(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);

        var applied = await database.CreateMigrator([StorageAssembly]).MigrateAsync(cancellationToken);

        Assert.Equal(1, applied);
        Assert.Equal(
            [$"LtiPd.Storage.Migrations.{provider}.0001_data_protection_keys.sql"],
            await database.AppliedScriptsAsync(cancellationToken));
        Assert.True(await database.TableExistsAsync("data_protection_keys", cancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task MigrateAsync_SecondRun_AppliesNoScripts(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        await database.CreateMigrator([StorageAssembly]).MigrateAsync(cancellationToken);

        var applied = await database.CreateMigrator([StorageAssembly]).MigrateAsync(cancellationToken);

        Assert.Equal(0, applied);
        Assert.Single(await database.AppliedScriptsAsync(cancellationToken));
    }

    [Fact]
    public async Task MigrateAsync_Logging_OneInformationLinePerSet()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        var firstRun = new RecordingLogger();
        var secondRun = new RecordingLogger();

        await new DatabaseMigrator(database.Database, [new MigrationSource(StorageAssembly)], firstRun).MigrateAsync(cancellationToken);
        await new DatabaseMigrator(database.Database, [new MigrationSource(StorageAssembly)], secondRun).MigrateAsync(cancellationToken);

        Assert.Equal(
            ["Migration set LtiPd.Storage on Sqlite is up to date: 1 scripts applied now, 1 in total"],
            firstRun.Entries.Where(entry => entry.Level >= LogLevel.Information).Select(entry => entry.Message));
        Assert.Equal(
            ["Migration set LtiPd.Storage on Sqlite is up to date: 0 scripts applied now, 1 in total"],
            secondRun.Entries.Where(entry => entry.Level >= LogLevel.Information).Select(entry => entry.Message));
        Assert.Contains(firstRun.Entries, entry => entry.Level == LogLevel.Debug && entry.Message.Contains("0001_data_protection_keys.sql", StringComparison.Ordinal));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer)]
    public async Task MigrateAsync_TwoNodesAtOnce_BothSucceedAndApplyEachScriptOnce(DatabaseProvider provider)
    {
        // A lock that is never released makes the other node wait for the full 10-minute lock
        // timeout. Cancelling after 2 minutes turns that hang into a test failure.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        var cancellationToken = limit.Token;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        await using var firstNode = database.CreateSecondDatabase();
        await using var secondNode = database.CreateSecondDatabase();

        // Each node has its own connection pool, as two processes would. Without the lock both
        // would run CREATE TABLE and one would fail.
        var applied = await Task.WhenAll(
            TestDatabase.CreateMigrator(firstNode, [StorageAssembly]).MigrateAsync(cancellationToken),
            TestDatabase.CreateMigrator(secondNode, [StorageAssembly]).MigrateAsync(cancellationToken));

        Assert.Equal([0, 1], applied.Order());
        Assert.Single(await database.AppliedScriptsAsync(cancellationToken));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer)]
    public async Task MigrateAsync_Finished_ReleasesMigrationLock(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        await using var node = database.CreateSecondDatabase();

        await TestDatabase.CreateMigrator(node, [StorageAssembly]).MigrateAsync(cancellationToken);

        // The node's pool keeps the lock connection's session open, so the lock must have been
        // released explicitly.
        await using var connection = await database.Database.OpenAsync(cancellationToken);
        var lockFree = provider switch
        {
            DatabaseProvider.PostgreSql => await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0,
            DatabaseProvider.SqlServer => await connection.ExecuteScalarAsync<int>(
                "SELECT APPLOCK_TEST('public', 'LtiPd.Migrations', 'Exclusive', 'Session')") == 1,
            DatabaseProvider.Sqlite => throw new InvalidOperationException("SQLite takes no migration lock."),
        };
        Assert.True(lockFree);
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql)]
    public async Task MigrateAsync_LockHeldByOtherNode_WaitsForRelease(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        await using var otherNode = await database.Database.OpenAsync(cancellationToken);
        await otherNode.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = DatabaseMigrator.PostgreSqlLockKey });
        await using var node = database.CreateSecondDatabase();

        var migration = TestDatabase.CreateMigrator(node, [StorageAssembly]).MigrateAsync(cancellationToken);
        var waiting = await WaitForAdvisoryLockRequestAsync(otherNode, cancellationToken);
        var scriptsWhileWaiting = await database.AppliedScriptsAsync(cancellationToken);
        await otherNode.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = DatabaseMigrator.PostgreSqlLockKey });
        var applied = await migration;

        Assert.True(waiting);
        Assert.Empty(scriptsWhileWaiting);
        Assert.Equal(1, applied);
    }

    [Theory]
    [DatabaseData]
    public async Task MigrateAsync_FailingScript_ThrowsNamingScriptAndRollsBack(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        var migrator = database.CreateMigrator([typeof(DatabaseMigratorTests).Assembly]);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync(cancellationToken));

        Assert.Contains($"'LtiPd.Storage.Tests.Migrations.Broken.Migrations.{provider}.0001_half_written.sql'", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"on {provider}", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(exception.InnerException);
        Assert.False(await database.TableExistsAsync("half_written", cancellationToken));
        Assert.Empty(await database.AppliedScriptsAsync(cancellationToken));
    }

    [Fact]
    public async Task MigrateAsync_Sqlite_SwitchesToWriteAheadLog()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);

        await database.CreateMigrator([StorageAssembly]).MigrateAsync(cancellationToken);

        // A new connection reads the mode from the file, so this shows it was stored there.
        await using var connection = await database.Database.OpenAsync(cancellationToken);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    // Polls pg_locks until another session waits for an advisory lock in this database, for at
    // most 30 s.
    private static async Task<bool> WaitForAdvisoryLockRequestAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var waitingCount = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            if (waitingCount > 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        return false;
    }

    /// <summary>Keeps every entry at every level, with its formatted message.</summary>
    private sealed class RecordingLogger : ILogger<DatabaseMigrator>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
