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
}
