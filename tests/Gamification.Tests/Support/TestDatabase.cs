using LtiPd.Gamification.Engine;
using LtiPd.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LtiPd.Gamification.Tests.Support;

/// <summary>A migrated SQLite file of its own per test, deleted on dispose.</summary>
// NOTE: SQLite only. Switch to the TestSupport database matrix once the storage branch lands it,
// so these tests also run on PostgreSQL and SQL Server.
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _path;

    private TestDatabase(string path, Database database)
    {
        _path = path;
        Database = database;
    }

    public Database Database { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ltipd-gamification-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        var database = new Database(DatabaseProvider.Sqlite, connectionString);
        var migrator = new DatabaseMigrator(
            database,
            [new MigrationSource(typeof(GamificationEngine).Assembly)],
            NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        return new TestDatabase(path, database);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", _path + "-journal" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}
