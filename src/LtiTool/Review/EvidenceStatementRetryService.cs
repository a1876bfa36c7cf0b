using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Review;

/// <summary>Sends pending evidence statements to the embedded LRS every <see cref="EvidenceOptions.StatementRetrySeconds"/>.</summary>
internal sealed partial class EvidenceStatementRetryService : BackgroundService
{
    private readonly EvidenceStatementRelay _relay;
    private readonly EvidenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EvidenceStatementRetryService> _logger;

    public EvidenceStatementRetryService(EvidenceStatementRelay relay, IOptions<EvidenceOptions> options, TimeProvider timeProvider, ILogger<EvidenceStatementRetryService> logger)
    {
        _relay = relay;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.StatementRetrySeconds), _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await _relay.DeliverPendingAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Before migrations finish the table may not exist yet; the next tick tries again.
                Log.RetryFailed(_logger, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1707, EventName = "EvidenceStatementRetryFailed", Level = LogLevel.Error,
            Message = "Sending pending evidence statements failed; the next retry tries again")]
        public static partial void RetryFailed(ILogger logger, Exception exception);
    }
}
