using LtiPd.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LtiPd.XapiBridge.Tests.Lrs;

/// <summary>
/// A migrated database for LRS repository tests: a fresh SQLite file, or the PostgreSQL named by
/// LTIPD_TEST_POSTGRESQL (a connection string). Tests isolate their rows by using their own tenant.
/// </summary>
public sealed class LrsTestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;

    private LrsTestDatabase(Database database, string? sqliteFile)
    {
        Database = database;
        _sqliteFile = sqliteFile;
    }

    public Database Database { get; }

    /// <summary>The providers every repository test runs on; unconfigured ones are reported as skipped.</summary>
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public static async Task<LrsTestDatabase> CreateAsync(DatabaseProvider provider)
    {
        LrsTestDatabase result;
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var file = Path.Combine(Path.GetTempPath(), $"ltipd-lrs-{Guid.NewGuid():N}.db");
                var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
                result = new LrsTestDatabase(new Database(DatabaseProvider.Sqlite, connectionString), file);
                break;

            case DatabaseProvider.PostgreSql:
                var postgres = Environment.GetEnvironmentVariable("LTIPD_TEST_POSTGRESQL");
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    Assert.Skip("LTIPD_TEST_POSTGRESQL is not set, so the PostgreSQL run is skipped.");
                }

                result = new LrsTestDatabase(new Database(DatabaseProvider.PostgreSql, postgres), null);
                break;

            default:
                Assert.Skip($"No test database is configured for {provider}.");
                throw new InvalidOperationException();
        }

        var sources = new[]
        {
            new MigrationSource(typeof(Database).Assembly),
            new MigrationSource(typeof(XapiBridge.Lrs.LrsOptions).Assembly),
        };
        await new DatabaseMigrator(result.Database, sources, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        return result;
    }

    public ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_sqliteFile);
        }

        return ValueTask.CompletedTask;
    }
}
