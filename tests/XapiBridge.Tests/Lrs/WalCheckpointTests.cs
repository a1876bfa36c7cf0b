using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Storage;
using Microsoft.Data.Sqlite;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class WalCheckpointTests
{
    [Fact]
    public async Task Write_WalOverLimit_CheckpointerEmptiesWal()
    {
        await using var database = await LrsTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var checkpointer = new WalCheckpointer(database.Database, interval: TimeSpan.Zero, walLimitFrames: 0);
        var lrs = new LrsHarness(database.Database, checkpointer: checkpointer);
        var tenant = LrsHarness.NewTenant();
        var wal = WalFile(database.Database);

        var result = await lrs.PostAsync(tenant, new JsonArray(StatementBuilder.Statement(), StatementBuilder.Statement()));
        await checkpointer.WhenIdleAsync();
        wal.Refresh();

        Assert.True(result.Succeeded);
        Assert.True(checkpointer.Truncations >= 1, "The commit should have started a checkpoint that empties the WAL.");
        Assert.Equal(0, wal.Length);
        Assert.NotNull(await lrs.Reader.FindAsync(tenant, result.Value![0], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Dispose_PendingCheckpoint_StopsLoop()
    {
        await using var database = await LrsTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var checkpointer = new WalCheckpointer(database.Database, interval: TimeSpan.FromMinutes(10));

        // A commit starts a loop that would wait ten minutes before it checkpoints.
        checkpointer.NotifyCommitted();
        var loop = checkpointer.WhenIdleAsync();
        await checkpointer.DisposeAsync();
        checkpointer.NotifyCommitted();

        Assert.True(loop.IsCompletedSuccessfully);
        Assert.True(checkpointer.WhenIdleAsync().IsCompleted);
        Assert.Equal(0, checkpointer.Truncations);
    }

    [Fact]
    public async Task Write_CheckpointsDuringWrites_LosesNoStatement()
    {
        await using var database = await LrsTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var checkpointer = new WalCheckpointer(database.Database, interval: TimeSpan.Zero, walLimitFrames: 0);
        var lrs = new LrsHarness(database.Database, checkpointer: checkpointer);
        var tenant = LrsHarness.NewTenant();
        var wal = WalFile(database.Database);

        // Act: four writers post batches and single statements while checkpoints that empty the
        // WAL run back to back on their own connection, started by the commits and by this loop.
        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostManyAsync(lrs, tenant))));
        var checkpointsDuringWrites = 0;
        do
        {
            checkpointer.NotifyCommitted();
            await checkpointer.WhenIdleAsync();
            checkpointsDuringWrites++;
        }
        while (!writers.IsCompleted);

        var ids = (await writers).SelectMany(posts => posts.SelectMany(post => post)).ToList();
        await checkpointer.WhenIdleAsync();
        wal.Refresh();

        // Assert
        Assert.True(checkpointsDuringWrites >= 1);
        Assert.True(checkpointer.Truncations >= 1);
        Assert.Equal(0, wal.Length);
        Assert.Equal(4 * 20 * 6, ids.Count);
        await using var connection = await database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var stored = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM lrs_statements WHERE tenant = @tenant", new { tenant });
        Assert.Equal(ids.Count, stored);
        foreach (var id in ids)
        {
            Assert.NotNull(await lrs.Reader.FindAsync(tenant, id, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Write_ReturnsConnectionToPool_RestoresAutoCheckpoint()
    {
        await using var database = await LrsTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var checkpointer = new WalCheckpointer(database.Database, interval: TimeSpan.FromHours(1));
        var lrs = new LrsHarness(database.Database, checkpointer: checkpointer);

        var result = await lrs.PostAsync(LrsHarness.NewTenant(), StatementBuilder.Statement());
        await using var connection = await database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var autoCheckpointPages = await connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint");

        Assert.True(result.Succeeded);
        Assert.Equal(1000, autoCheckpointPages);
    }

    [Fact]
    public async Task Truncate_ReturnsConnectionToPool_RestoresBusyWait()
    {
        await using var database = await LrsTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var checkpointer = new WalCheckpointer(database.Database, interval: TimeSpan.Zero, walLimitFrames: 0);
        var lrs = new LrsHarness(database.Database, checkpointer: checkpointer);

        var result = await lrs.PostAsync(LrsHarness.NewTenant(), StatementBuilder.Statement());
        await checkpointer.WhenIdleAsync();
        await using var connection = await database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var limit = SqliteBusyWait.LimitOf((SqliteConnection)connection);

        Assert.True(result.Succeeded);
        Assert.True(checkpointer.Truncations >= 1, "The commit should have started a TRUNCATE checkpoint.");
        Assert.Equal(SqliteBusyWait.DefaultLimit, limit);
    }

    private static FileInfo WalFile(Database database) =>
        new(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource + "-wal");

    /// <summary>Posts 20 rounds of a batch of 5 and a single statement. Returns the ids of each post.</summary>
    private static async Task<List<IReadOnlyList<string>>> PostManyAsync(LrsHarness lrs, string tenant)
    {
        var ids = new List<IReadOnlyList<string>>();
        for (var round = 0; round < 20; round++)
        {
            var batch = await lrs.PostAsync(tenant, new JsonArray([.. Enumerable.Range(0, 5).Select(_ => StatementBuilder.Statement())]));
            var single = await lrs.PostAsync(tenant, StatementBuilder.Statement());
            Assert.True(batch.Succeeded);
            Assert.True(single.Succeeded);
            ids.Add(batch.Value!);
            ids.Add(single.Value!);
        }

        return ids;
    }
}
