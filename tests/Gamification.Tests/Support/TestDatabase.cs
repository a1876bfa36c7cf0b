using LtiPd.Gamification.Engine;
using LtiPd.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LtiPd.Gamification.Tests.Support;

/// <summary>
/// A migrated database of its own per test, deleted on dispose: a SQLite file, or a new database
/// on the PostgreSQL server named by <c>LTIPD_TEST_POSTGRESQL</c> when that variable is set.
/// </summary>
// NOTE: one provider per run. Switch to the TestSupport database matrix once the storage branch
// lands it, so each test runs on every configured database in one run, SQL Server included.
public sealed class TestDatabase : IAsyncDisposable
{
    private const string PostgreSqlVariable = "LTIPD_TEST_POSTGRESQL";

    private readonly Func<Task> _delete;

    private TestDatabase(Database database, Func<Task> delete)
    {
        Database = database;
        _delete = delete;
    }

    public Database Database { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgreSqlVariable);
        var test = string.IsNullOrWhiteSpace(server) ? CreateSqlite() : await CreatePostgreSqlAsync(server);
        var migrator = new DatabaseMigrator(
            test.Database,
            [new MigrationSource(typeof(GamificationEngine).Assembly)],
            NullLogger<DatabaseMigrator>.Instance);
        await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        return test;
    }

    public ValueTask DisposeAsync() => new(_delete());

    private static TestDatabase CreateSqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ltipd-gamification-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        return new TestDatabase(new Database(DatabaseProvider.Sqlite, connectionString), () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            {
                File.Delete(file);
            }

            return Task.CompletedTask;
        });
    }

    private static async Task<TestDatabase> CreatePostgreSqlAsync(string server)
    {
        var name = $"ltipd_gamification_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ToString();
        return new TestDatabase(new Database(DatabaseProvider.PostgreSql, connectionString), async () =>
        {
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
