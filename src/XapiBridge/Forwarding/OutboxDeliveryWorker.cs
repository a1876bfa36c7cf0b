using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>
/// Runs <see cref="OutboxDeliverer"/> in the background on every node: a pass, then a pause of
/// <see cref="XapiForwardingOptions.PollInterval"/>. A database or network failure ends only the
/// current pass, and its rows stay queued for the next one. During a long LRS outage the backlog
/// grows, and it drains once the LRS is back.
/// </summary>
public sealed partial class OutboxDeliveryWorker : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly OutboxDeliverer _deliverer;
    private readonly IOptionsMonitor<XapiForwardingOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxDeliveryWorker> _logger;

    /// <summary>Creates the worker.</summary>
    public OutboxDeliveryWorker(OutboxDeliverer deliverer, IOptionsMonitor<XapiForwardingOptions> options, TimeProvider timeProvider, ILogger<OutboxDeliveryWorker> logger)
    {
        _deliverer = deliverer;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(_logger, _deliverer.LeaseOwner);
        var lastPurge = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _deliverer.DeliverDueAsync(stoppingToken);
                if (_timeProvider.GetUtcNow() - lastPurge >= PurgeInterval)
                {
                    await _deliverer.PurgeDeliveredAsync(stoppingToken);
                    lastPurge = _timeProvider.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Any failure ends only this pass: a crashed worker would stop forwarding for
                // every district, while the rows of this pass stay queued for the next one.
                Log.PassFailed(_logger, exception);
            }

            try
            {
                await Task.Delay(_options.CurrentValue.PollInterval, _timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        Log.Stopped(_logger, _deliverer.LeaseOwner);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2610, EventName = "OutboxWorkerStarted", Level = LogLevel.Information,
            Message = "xAPI outbox delivery started on {LeaseOwner}")]
        public static partial void Started(ILogger logger, string leaseOwner);

        [LoggerMessage(EventId = 2611, EventName = "OutboxWorkerStopped", Level = LogLevel.Information,
            Message = "xAPI outbox delivery stopped on {LeaseOwner}")]
        public static partial void Stopped(ILogger logger, string leaseOwner);

        [LoggerMessage(EventId = 2612, EventName = "OutboxPassFailed", Level = LogLevel.Error,
            Message = "xAPI outbox delivery pass failed; queued statements stay queued and the next pass retries them")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
