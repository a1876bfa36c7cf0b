using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.Gamification.Challenges;

/// <summary>
/// Decides every challenge of every district whose window has ended or that a leader ended
/// early, so winners get their badges whether or not anyone opens the challenge. It runs on every
/// node: the claim in <see cref="ChallengeDecider"/> lets one transaction decide each challenge,
/// and a node that stops mid-way left nothing committed. It checks again every
/// <see cref="GamificationOptions.ChallengeDecisionIntervalSeconds"/>, at once while a full batch
/// was due and some of it was decided.
/// </summary>
internal sealed partial class ChallengeDecisionWorker : BackgroundService
{
    internal const int BatchSize = 50;

    private readonly ChallengeDecider _decider;
    private readonly TimeProvider _timeProvider;
    private readonly GamificationOptions _options;
    private readonly ILogger<ChallengeDecisionWorker> _logger;

    public ChallengeDecisionWorker(
        ChallengeService challenges, TimeProvider timeProvider, IOptions<GamificationOptions> options, ILogger<ChallengeDecisionWorker> logger)
    {
        _decider = challenges.Decider;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Decides the challenges that are due now, up to <see cref="BatchSize"/>, and returns how
    /// many were due. A challenge that fails is logged and stays due for the next pass.
    /// </summary>
    internal async Task<int> DecideDueAsync(CancellationToken cancellationToken) =>
        (await PassAsync(cancellationToken)).Due;

    // Returns how many challenges were due and how many of them failed.
    private async Task<(int Due, int Failed)> PassAsync(CancellationToken cancellationToken)
    {
        var due = await _decider.ListDueAsync(BatchSize, cancellationToken);
        var failed = 0;
        foreach (var (tenantId, challengeId) in due)
        {
            try
            {
                var (decidedNow, winners) = await _decider.DecideAsync(tenantId, challengeId, cancellationToken);
                if (decidedNow)
                {
                    Log.ChallengeDecided(_logger, tenantId, challengeId, winners.Count);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed++;
                Log.DecisionFailed(_logger, tenantId, challengeId, exception);
            }
        }

        return (due.Count, failed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.WorkerStarted(_logger, _options.ChallengeDecisionIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var (due, failed) = (0, 0);
            try
            {
                (due, failed) = await PassAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.ListFailed(_logger, exception);
            }

            // A full batch means more may be due, so the next pass runs at once. When every
            // decision of the batch failed, the next pass would list the same batch, so the worker waits.
            if (due < BatchSize || failed == due)
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.ChallengeDecisionIntervalSeconds), _timeProvider, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3110, EventName = "ChallengeDecisionWorkerStarted", Level = LogLevel.Information,
            Message = "Challenge decision worker started; it checks for ended challenges every {IntervalSeconds} s")]
        public static partial void WorkerStarted(ILogger logger, int intervalSeconds);

        [LoggerMessage(EventId = 3111, EventName = "ChallengeDecided", Level = LogLevel.Information,
            Message = "Decided challenge {ChallengeId} of tenant {TenantId}: {WinnerCount} winners")]
        public static partial void ChallengeDecided(ILogger logger, string tenantId, string challengeId, int winnerCount);

        [LoggerMessage(EventId = 3112, EventName = "ChallengeDecisionFailed", Level = LogLevel.Error,
            Message = "Deciding challenge {ChallengeId} of tenant {TenantId} failed; nothing was committed and the next pass tries again")]
        public static partial void DecisionFailed(ILogger logger, string tenantId, string challengeId, Exception exception);

        [LoggerMessage(EventId = 3113, EventName = "ChallengeListFailed", Level = LogLevel.Error,
            Message = "Listing ended challenges failed; the next pass tries again")]
        public static partial void ListFailed(ILogger logger, Exception exception);
    }
}
