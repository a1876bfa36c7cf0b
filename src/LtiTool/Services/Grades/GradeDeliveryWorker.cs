using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// Runs <see cref="GradeDeliverer"/> on every node: a pass, then a pause of
/// <see cref="LtiServicesOptions.PollIntervalSeconds"/>. A failure ends only the current pass;
/// its scores stay queued, so an LMS that is down or rate-limiting loses none.
/// </summary>
internal sealed partial class GradeDeliveryWorker : BackgroundService
{
    private readonly GradeDeliverer _deliverer;
    private readonly IOptionsMonitor<LtiServicesOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GradeDeliveryWorker> _logger;

    public GradeDeliveryWorker(GradeDeliverer deliverer, IOptionsMonitor<LtiServicesOptions> options, TimeProvider timeProvider, ILogger<GradeDeliveryWorker> logger)
    {
        _deliverer = deliverer;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(_logger, _deliverer.LeaseOwner);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _deliverer.DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A crashed worker would stop grade delivery for every district, while the rows
                // of this pass stay queued for the next one.
                Log.PassFailed(_logger, exception);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.CurrentValue.PollIntervalSeconds), _timeProvider, stoppingToken);
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
        [LoggerMessage(EventId = 1760, EventName = "GradeWorkerStarted", Level = LogLevel.Information,
            Message = "Grade delivery started on {LeaseOwner}")]
        public static partial void Started(ILogger logger, string leaseOwner);

        [LoggerMessage(EventId = 1761, EventName = "GradeWorkerStopped", Level = LogLevel.Information,
            Message = "Grade delivery stopped on {LeaseOwner}")]
        public static partial void Stopped(ILogger logger, string leaseOwner);

        [LoggerMessage(EventId = 1762, EventName = "GradePassFailed", Level = LogLevel.Error,
            Message = "Grade delivery pass failed; queued scores stay queued and the next pass retries them")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
