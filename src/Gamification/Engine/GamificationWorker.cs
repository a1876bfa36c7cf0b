using LtiPd.Gamification.Output;
using LtiPd.Gamification.Statements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.Gamification.Engine;

/// <summary>
/// Polls every registered <see cref="IStatementSource"/> and, when the host registered an
/// <see cref="IAwardStatementSink"/>, sends the outbox. It waits only when no source reported
/// more statements, so a backlog drains at full speed, and the wait ends at the poll interval or
/// as soon as an <see cref="ICommitNotifyingStatementSource"/> reports a commit in this process.
/// After such a commit it lingers <see cref="GamificationOptions.WakeLingerMilliseconds"/> before
/// it reads, so the commits of that time share one batch.
/// </summary>
internal sealed partial class GamificationWorker : BackgroundService
{
    private const int DispatchBatchSize = 100;

    private readonly GamificationEngine _engine;
    private readonly List<IStatementSource> _sources;
    private readonly OutboxDispatcher? _dispatcher;
    private readonly TimeProvider _timeProvider;
    private readonly GamificationOptions _options;
    private readonly ILogger<GamificationWorker> _logger;
    private readonly Dictionary<ICommitNotifyingStatementSource, string?> _watermarks = [];

    public GamificationWorker(
        GamificationEngine engine,
        IEnumerable<IStatementSource> sources,
        IServiceProvider services,
        TimeProvider timeProvider,
        IOptions<GamificationOptions> options,
        ILogger<GamificationWorker> logger)
    {
        _engine = engine;
        _sources = sources.ToList();
        _dispatcher = services.GetService<IAwardStatementSink>() is null ? null : services.GetRequiredService<OutboxDispatcher>();
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.WorkerStarted(_logger, _sources.Count, _dispatcher is not null);
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            foreach (var source in _sources)
            {
                more |= await RunSourceAsync(source, stoppingToken);
            }

            if (_dispatcher is not null)
            {
                more |= await DispatchAsync(stoppingToken) == DispatchBatchSize;
            }

            if (!more)
            {
                var committed = await WaitForStatementsAsync(stoppingToken);
                if (committed)
                {
                    await LingerAsync(stoppingToken);
                }
            }
        }
    }

    private async Task<bool> RunSourceAsync(IStatementSource source, CancellationToken stoppingToken)
    {
        try
        {
            var batch = await _engine.RunOnceAsync(source, stoppingToken);
            if (source is ICommitNotifyingStatementSource notifying)
            {
                _watermarks[notifying] = batch.Watermark;
            }

            return batch.HasMore;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The watermark did not move, so the next poll reads the same statements again. The
            // source waits for the poll, not for its next commit, so a failing read does not spin.
            Log.SourceFailed(_logger, source.Name, exception);
            if (source is ICommitNotifyingStatementSource notifying)
            {
                _watermarks.Remove(notifying);
            }

            return false;
        }
    }

    /// <summary>
    /// Waits the poll interval, or less when a source in this process commits statements after
    /// its watermark. Returns true when such a commit ended the wait.
    /// </summary>
    private async Task<bool> WaitForStatementsAsync(CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var waits = new List<Task> { Task.Delay(TimeSpan.FromSeconds(_options.PollIntervalSeconds), _timeProvider, wake.Token) };
        foreach (var (source, watermark) in _options.WakeOnCommit ? _watermarks : [])
        {
            waits.Add(source.WaitForStatementsAsync(watermark, wake.Token));
        }

        var first = await Task.WhenAny(waits);
        await wake.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        if (first.IsFaulted)
        {
            Log.WaitFailed(_logger, first.Exception!.GetBaseException());
            await Task.Delay(TimeSpan.FromSeconds(_options.PollIntervalSeconds), _timeProvider, stoppingToken);
            return false;
        }

        return first != waits[0];
    }

    /// <summary>
    /// Lets the commits that follow a wake gather, so one batch reads them all. A batch costs two
    /// transactions and a read of the source whether it contains one statement or a hundred, and
    /// single statements can commit hundreds of times a second. A stop during the linger leaves
    /// the statements after the stored watermark, so the next start reads them.
    /// </summary>
    private Task LingerAsync(CancellationToken stoppingToken) =>
        _options.WakeLingerMilliseconds == 0
            ? Task.CompletedTask
            : Task.Delay(TimeSpan.FromMilliseconds(_options.WakeLingerMilliseconds), _timeProvider, stoppingToken);

    private async Task<int> DispatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _dispatcher!.DispatchAsync(DispatchBatchSize, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.DispatchFailed(_logger, exception);
            return 0;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3030, EventName = "WorkerStarted", Level = LogLevel.Information,
            Message = "Gamification worker started with {SourceCount} statement sources; award statements sent: {Dispatching}")]
        public static partial void WorkerStarted(ILogger logger, int sourceCount, bool dispatching);

        [LoggerMessage(EventId = 3031, EventName = "SourceFailed", Level = LogLevel.Error,
            Message = "Processing statements from source {Source} failed; it is retried at the next poll")]
        public static partial void SourceFailed(ILogger logger, string source, Exception exception);

        [LoggerMessage(EventId = 3032, EventName = "DispatchFailed", Level = LogLevel.Error,
            Message = "Sending award statements failed; they stay in the outbox for the next poll")]
        public static partial void DispatchFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3101, EventName = "CommitWaitFailed", Level = LogLevel.Error,
            Message = "Waiting for statement commits failed; the worker polls after the poll interval")]
        public static partial void WaitFailed(ILogger logger, Exception exception);
    }
}
