using Dapper;
using LtiPd.TestSupport;

namespace LtiPd.Storage.Tests;

public sealed class WalCheckpointerTests
{
    [Theory]
    [InlineData(0L, 1)]
    [InlineData(1_000_000L, 0)]
    public async Task Checkpoint_TurnPassFrames_TakesTurnFromThatSize(long turnPassFrames, int expectedTurns)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, cancellationToken);
        var file = new FileInfo(database.Name);
        await using (var connection = await database.Database.OpenAsync(cancellationToken))
        {
            // 100 rows of 4,000 bytes stay in the WAL: SQLite's automatic checkpoint starts at 1,000 pages.
            await connection.ExecuteAsync(
                "PRAGMA journal_mode = WAL; CREATE TABLE blobs (id INTEGER PRIMARY KEY, value BLOB NOT NULL); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO blobs (value) SELECT randomblob(4000) FROM n");
        }

        var turns = 0;
        var checkpointer = new WalCheckpointer(database.Database, interval: TimeSpan.Zero)
        {
            WriterTurn = async pass =>
            {
                Interlocked.Increment(ref turns);
                await pass();
            },
            TurnPassFrames = turnPassFrames,
        };
        checkpointer.NotifyCommitted();
        await checkpointer.WhenIdleAsync();
        await checkpointer.DisposeAsync();
        file.Refresh();

        Assert.Equal(expectedTurns, turns);
        Assert.True(file.Length > 400_000, $"The first pass did not copy the rows into the database file ({file.Length} bytes).");
    }
}
