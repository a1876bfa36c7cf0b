using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Tests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.Gamification.Tests.Engine;

public sealed class GamificationWorkerTests
{
    private const int LingerMilliseconds = 50;

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [DatabaseData]
    public async Task Worker_CommitsDuringLinger_ProcessesOneBatch(DatabaseProvider provider)
    {
        // Arrange: the clock moves only when the test moves it, so the worker cannot read
        // before the linger ends, and every commit falls inside it.
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = new LingerClock();
        var source = new NotifyingStatementSource();
        var engine = EngineFactory.Create(db.Database, clock);

        // Act
        using var worker = await StartLingeringWorkerAsync(engine, source, clock);
        var ledgerDuringLinger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        clock.Advance(TimeSpan.FromMilliseconds(LingerMilliseconds));
        var ledger = await WaitForLedgerAsync(engine, Teachers.Length);
        await worker.StopAsync(Token);

        // Assert
        Assert.Empty(ledgerDuringLinger);
        Assert.Equal(1, source.NonEmptyReads);
        Assert.Equal(TeacherIds, ledger.Select(row => row.UserId).Order(StringComparer.Ordinal));
        Assert.All(ledger, row => Assert.Equal(10, row.Points));
    }

    [Theory]
    [DatabaseData]
    public async Task Worker_StoppedDuringLinger_RestartAwardsEachOnce(DatabaseProvider provider)
    {
        // Arrange
        await using var db = await GamificationTestDatabase.CreateAsync(provider);
        var clock = new LingerClock();
        var source = new NotifyingStatementSource();
        var engine = EngineFactory.Create(db.Database, clock);
        using var stopped = await StartLingeringWorkerAsync(engine, source, clock);

        // Act: stop in the linger, then start a worker of a new process over the same database.
        await stopped.StopAsync(Token);
        var ledgerAfterStop = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
        var restartedClock = new LingerClock();
        var restartedEngine = EngineFactory.Create(db.Database, restartedClock);
        using var restarted = CreateWorker(restartedEngine, source, restartedClock);
        await restarted.StartAsync(Token);
        var ledger = await WaitForLedgerAsync(restartedEngine, Teachers.Length);
        await restarted.StopAsync(Token);

        // Assert
        Assert.Empty(ledgerAfterStop);
        Assert.Equal(1, source.NonEmptyReads);
        Assert.Equal(TeacherIds, ledger.Select(row => row.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(Teachers.Length, (await restartedEngine.GetLedgerAsync(StatementJson.DistrictId, null, Token)).Count);
    }

    private static string[] Teachers => ["teacher-1", "teacher-2", "teacher-3"];

    private static IEnumerable<string> TeacherIds =>
        Teachers.Select(teacher => GamificationKeys.UserId(StatementJson.HomePage, teacher)).Order(StringComparer.Ordinal);

    /// <summary>Starts a worker, commits one statement per teacher and returns once the worker lingers.</summary>
    private static async Task<GamificationWorker> StartLingeringWorkerAsync(GamificationEngine engine, NotifyingStatementSource source, LingerClock clock)
    {
        var worker = CreateWorker(engine, source, clock);
        await worker.StartAsync(Token);
        await source.Waiting.Task.WaitAsync(WaitLimit, Token);
        foreach (var teacher in Teachers)
        {
            source.Commit(new StatementJson { Actor = teacher }.Parse());
        }

        await clock.LingerStarted.Task.WaitAsync(WaitLimit, Token);
        return worker;
    }

    private static GamificationWorker CreateWorker(GamificationEngine engine, NotifyingStatementSource source, TimeProvider clock) =>
        new(
            engine,
            [source],
            new ServiceCollection().BuildServiceProvider(),
            clock,
            Options.Create(new GamificationOptions { WakeLingerMilliseconds = LingerMilliseconds }),
            NullLogger<GamificationWorker>.Instance);

    private static async Task<IReadOnlyList<LedgerEntry>> WaitForLedgerAsync(GamificationEngine engine, int count)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var ledger = await engine.GetLedgerAsync(StatementJson.DistrictId, null, Token);
            if (ledger.Count >= count || DateTimeOffset.UtcNow > deadline)
            {
                return ledger;
            }

            await Task.Delay(20, Token);
        }
    }

    /// <summary>A fake clock that reports when the worker starts its linger.</summary>
    private sealed class LingerClock() : FakeTimeProvider(EngineFactory.Clock().GetUtcNow())
    {
        public TaskCompletionSource LingerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == TimeSpan.FromMilliseconds(LingerMilliseconds))
            {
                LingerStarted.TrySetResult();
            }

            return timer;
        }
    }
}
