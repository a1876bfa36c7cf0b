using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.XapiBridge.Tests.Lrs;

/// <summary>
/// A fresh, migrated database of its own for one LRS repository test: a temporary SQLite file,
/// or a new PostgreSQL database when LTIPD_TEST_POSTGRESQL is set (reported as skipped otherwise).
/// </summary>
public sealed class LrsTestDatabase : IAsyncDisposable
{
    private readonly TestDatabase _testDatabase;

    private LrsTestDatabase(TestDatabase testDatabase)
    {
        _testDatabase = testDatabase;
    }

    public Database Database => _testDatabase.Database;

    /// <summary>The providers every repository test runs on; unconfigured ones are reported as skipped.</summary>
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql];

    public static async Task<LrsTestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (!TestDatabaseServers.IsConfigured(provider))
        {
            Assert.Skip(TestDatabaseServers.NotConfiguredReason(provider));
        }

        var testDatabase = await TestDatabase.CreateAsync(
            provider,
            [typeof(Database).Assembly, typeof(XapiBridge.Lrs.LrsOptions).Assembly],
            TestContext.Current.CancellationToken);
        return new LrsTestDatabase(testDatabase);
    }

    public ValueTask DisposeAsync() => _testDatabase.DisposeAsync();
}
