using LtiPd.Gamification.Engine;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.Gamification.Tests.Support;

/// <summary>
/// A migrated database of its own per test, from the shared TestSupport matrix. Tests that take
/// no provider run on PostgreSQL when <c>LTIPD_TEST_POSTGRESQL</c> is set and on SQLite otherwise;
/// tests marked <c>[DatabaseData]</c> run once per configured provider.
/// </summary>
public sealed class GamificationTestDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private GamificationTestDatabase(TestDatabase database)
    {
        _database = database;
    }

    public Database Database => _database.Database;

    public static async Task<GamificationTestDatabase> CreateAsync(DatabaseProvider? provider = null)
    {
        var chosen = provider
            ?? (TestDatabaseServers.IsConfigured(DatabaseProvider.PostgreSql) ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite);
        var database = await TestDatabase.CreateAsync(
            chosen, [typeof(GamificationEngine).Assembly], TestContext.Current.CancellationToken);
        return new GamificationTestDatabase(database);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
