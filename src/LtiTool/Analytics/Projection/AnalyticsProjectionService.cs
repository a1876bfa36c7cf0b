using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Analytics.Projection;

/// <summary>
/// Projects new statements every <see cref="AnalyticsOptions.ProjectionIntervalSeconds"/>. Every
/// node may run it: the projection's row lock lets one node at a time read a batch.
/// </summary>
internal sealed partial class AnalyticsProjectionService : BackgroundService
{
    private readonly AnalyticsProjector _projector;
    private readonly IOptionsMonitor<AnalyticsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AnalyticsProjectionService> _logger;

    public AnalyticsProjectionService(AnalyticsProjector projector, IOptionsMonitor<AnalyticsOptions> options, TimeProvider timeProvider, ILogger<AnalyticsProjectionService> logger)
    {
        _projector = projector;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.CurrentValue.ProjectionIntervalSeconds), _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var read = await _projector.CatchUpAsync(long.MaxValue, stoppingToken);
                if (read > 0)
                {
                    Log.Projected(_logger, read);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.ProjectionFailed(_logger, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1752, EventName = "AnalyticsProjected", Level = LogLevel.Information,
            Message = "Analytics projection read {StatementCount} new statements")]
        public static partial void Projected(ILogger logger, long statementCount);

        [LoggerMessage(EventId = 1753, EventName = "AnalyticsProjectionFailed", Level = LogLevel.Error,
            Message = "Analytics projection failed; the next run starts again from the last committed batch")]
        public static partial void ProjectionFailed(ILogger logger, Exception exception);
    }
}
