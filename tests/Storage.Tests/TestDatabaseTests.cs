using Dapper;
using LtiPd.TestSupport;
using Npgsql;

namespace LtiPd.Storage.Tests;

public sealed class TestDatabaseTests
{
    [Theory]
    [DatabaseData]
    public async Task CreateAsync_EachProvider_GivesEveryTestItsOwnDatabase(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        await using var first = await TestDatabase.CreateAsync(provider, [typeof(Database).Assembly], cancellationToken);
        await using var second = await TestDatabase.CreateAsync(provider, [typeof(Database).Assembly], cancellationToken);

        Assert.NotEqual(first.Name, second.Name);
        Assert.NotEqual(first.ConnectionString, second.ConnectionString);
        Assert.True(await first.TableExistsAsync("data_protection_keys", cancellationToken));
        Assert.True(await second.TableExistsAsync("data_protection_keys", cancellationToken));
    }

    [Fact]
    public async Task DisposeAsync_Sqlite_DeletesFile()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, [typeof(Database).Assembly], TestContext.Current.CancellationToken);
        var path = database.Name;

        await database.DisposeAsync();

        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql)]
    public async Task DisposeAsync_PostgreSql_DropsDatabase(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = await TestDatabase.CreateAsync(provider, [typeof(Database).Assembly], cancellationToken);
        var name = database.Name;
        await using (var connection = await database.Database.OpenAsync(cancellationToken))
        {
            // An open session must not stop the drop.
            await database.DisposeAsync();
        }

        await using var admin = new NpgsqlConnection(TestDatabaseServers.AdminConnectionString(provider));
        var count = await admin.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_database WHERE datname = @name", new { name });
        Assert.Equal(0, count);
        Assert.StartsWith("ltipd_test_", name, StringComparison.Ordinal);
    }
}
