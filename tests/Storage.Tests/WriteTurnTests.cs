using System.Data.Common;
using Dapper;
using LtiPd.TestSupport;

namespace LtiPd.Storage.Tests;

public sealed class WriteTurnTests
{
    [Fact]
    public async Task EnterWriteTurnAsync_Sqlite_WaitsForHeldTurn()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        var first = await database.Database.EnterWriteTurnAsync(cancellationToken);

        var second = database.Database.EnterWriteTurnAsync(cancellationToken).AsTask();
        var waitedWhileHeld = !second.IsCompleted;
        first.Dispose();
        first.Dispose();
        using var secondTurn = await second;
        var third = database.Database.EnterWriteTurnAsync(cancellationToken).AsTask();
        var thirdWaitsForSecond = !third.IsCompleted;
        secondTurn.Dispose();
        using var thirdTurn = await third;

        Assert.True(waitedWhileHeld);
        Assert.True(thirdWaitsForSecond);
    }

    [Fact]
    public async Task EnterWriteTurnAsync_Cancelled_Throws()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        using var held = await database.Database.EnterWriteTurnAsync(cancellationToken);
        using var cancel = new CancellationTokenSource();

        var waiting = database.Database.EnterWriteTurnAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer)]
    public async Task EnterWriteTurnAsync_ServerProvider_ReturnsAtOnce(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);

        using var first = await database.Database.EnterWriteTurnAsync(cancellationToken);
        var second = database.Database.EnterWriteTurnAsync(cancellationToken);

        Assert.True(second.IsCompleted);
        Assert.Same(WriteTurn.None, await second);
    }

    [Fact]
    public async Task EnterWriteTurnAsync_SqliteConnection_SkipsAutoCheckpointUntilDisposed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        await using var connection = await database.Database.OpenAsync(cancellationToken);

        var before = await AutoCheckpointPagesAsync(connection);
        var turn = await database.Database.EnterWriteTurnAsync(connection, cancellationToken);
        var during = await AutoCheckpointPagesAsync(connection);
        turn.Dispose();
        turn.Dispose();
        var after = await AutoCheckpointPagesAsync(connection);
        using var next = await database.Database.EnterWriteTurnAsync(cancellationToken);

        Assert.Equal(1000, before);
        Assert.Equal(0, during);
        Assert.Equal(1000, after);
    }

    [Fact]
    public async Task EnterWriteTurnAsync_SqliteConnection_CheckpointsAfterTurn()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        var file = new FileInfo(database.Name);
        await using (var setup = await database.Database.OpenAsync(cancellationToken))
        {
            await setup.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE blobs (id INTEGER PRIMARY KEY, value BLOB NOT NULL)");
        }

        // 1,500 rows of 4,000 bytes fill more WAL pages than SQLite's automatic checkpoint allows
        // (1,000), so without the turn the commit itself would copy them into the database file.
        // The length is read before the turn ends, because ending it starts a checkpoint pass.
        long lengthAfterCommit;
        await using (var connection = await database.Database.OpenAsync(cancellationToken))
        {
            using var turn = await database.Database.EnterWriteTurnAsync(connection, cancellationToken);
            await connection.ExecuteAsync(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) INSERT INTO blobs (value) SELECT randomblob(4000) FROM n");
            file.Refresh();
            lengthAfterCommit = file.Length;
        }

        await database.Database.WhenTurnCheckpointsIdleAsync();
        file.Refresh();

        Assert.True(lengthAfterCommit < 1_000_000, $"The commit copied pages into the database file ({lengthAfterCommit} bytes).");
        Assert.True(file.Length > 6_000_000, $"The checkpoint after the turn did not copy the rows ({file.Length} bytes).");
    }

    [Theory]
    [DatabaseData(DatabaseProvider.PostgreSql, DatabaseProvider.SqlServer)]
    public async Task EnterWriteTurnAsync_ServerProviderConnection_ReturnsAtOnce(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        await using var connection = await database.Database.OpenAsync(cancellationToken);

        using var first = await database.Database.EnterWriteTurnAsync(connection, cancellationToken);
        var second = database.Database.EnterWriteTurnAsync(connection, cancellationToken);

        Assert.True(second.IsCompleted);
        Assert.Same(WriteTurn.None, await second);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT 1"));
    }

    private static Task<long> AutoCheckpointPagesAsync(DbConnection connection) =>
        connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint");
}
