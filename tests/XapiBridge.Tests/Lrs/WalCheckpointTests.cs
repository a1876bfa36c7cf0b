using System.Text.Json.Nodes;
using LtiPd.Storage;
using Microsoft.Data.Sqlite;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class WalCheckpointTests
{
    [Fact]
    public async Task Write_ReachesCheckpointInterval_EmptiesWal()
    {
        await using var database = await LrsTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var lrs = new LrsHarness(database.Database, checkpointEveryStatements: 3);
        var tenant = LrsHarness.NewTenant();
        var wal = new FileInfo(new SqliteConnectionStringBuilder(database.Database.ConnectionString).DataSource + "-wal");

        var first = await lrs.PostAsync(tenant, new JsonArray(StatementBuilder.Statement(), StatementBuilder.Statement()));
        wal.Refresh();
        var lengthBefore = wal.Length;
        var second = await lrs.PostAsync(tenant, StatementBuilder.Statement());
        wal.Refresh();

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        Assert.True(lengthBefore > 0, "The first two statements should still be in the WAL.");
        Assert.Equal(0, wal.Length);
        var stored = await lrs.Reader.FindAsync(tenant, second.Value![0], TestContext.Current.CancellationToken);
        Assert.NotNull(stored);
    }
}
