namespace LtiPd.LtiTool.Learning;

/// <summary>
/// Stores the statements a crash or an LRS failure left in <see cref="StatementOutbox"/>: every
/// <see cref="Interval"/>, each statement queued more than <see cref="Interval"/> ago, so a
/// request still storing its own statement is left alone.
/// </summary>
/// <remarks>
/// NOTE: two nodes may store the same queued statement at once. The statement id is
/// deterministic and the content identical, so the LRS keeps one copy, but both nodes do the work.
/// </remarks>
internal sealed partial class StatementOutboxWorker : BackgroundService
{
    /// <summary>The pause between passes and the age a statement must reach before a pass stores it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private const int BatchSize = 100;

    private readonly StatementOutbox _outbox;
    private readonly XapiLearningEventSink _statements;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<StatementOutboxWorker> _logger;

    public StatementOutboxWorker(StatementOutbox outbox, XapiLearningEventSink statements, TimeProvider timeProvider, ILogger<StatementOutboxWorker> logger)
    {
        _outbox = outbox;
        _statements = statements;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Stores up to one batch of queued statements older than <see cref="Interval"/>; returns how many were stored.</summary>
    public async Task<int> StoreQueuedAsync(CancellationToken cancellationToken)
    {
        var stored = 0;
        var due = await _outbox.ListOldestAsync(_timeProvider.GetUtcNow() - Interval, BatchSize, cancellationToken);
        foreach (var pending in due)
        {
            if (await _statements.StorePendingAsync(_outbox, pending, cancellationToken))
            {
                stored++;
            }
        }

        return stored;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        do
        {
            try
            {
                var stored = await StoreQueuedAsync(stoppingToken);
                if (stored > 0)
                {
                    Log.QueuedStatementsStored(_logger, stored);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A failed pass (the database unreachable) must not stop later passes.
                Log.PassFailed(_logger, exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1141, EventName = "QueuedStatementsStored", Level = LogLevel.Information,
            Message = "Stored {Count} statements left queued by an earlier failure")]
        public static partial void QueuedStatementsStored(ILogger logger, int count);

        [LoggerMessage(EventId = 1142, EventName = "StatementOutboxPassFailed", Level = LogLevel.Error,
            Message = "A pass over the queued statements failed; they stay queued for the next pass")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
