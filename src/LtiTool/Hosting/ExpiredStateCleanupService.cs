using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Oidc;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Hosting;

/// <summary>
/// Deletes expired logins, nonces and sessions every few minutes. Deletes are idempotent, so
/// every node may run it.
/// </summary>
internal sealed partial class ExpiredStateCleanupService : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly LoginStateStore _logins;
    private readonly NonceStore _nonces;
    private readonly SessionStore _sessions;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ExpiredStateCleanupService> _logger;

    public ExpiredStateCleanupService(
        LoginStateStore logins,
        NonceStore nonces,
        SessionStore sessions,
        TimeProvider timeProvider,
        ILogger<ExpiredStateCleanupService> logger)
    {
        _logins = logins;
        _nonces = nonces;
        _sessions = sessions;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = _timeProvider.GetUtcNow();
                var logins = await _logins.DeleteExpiredAsync(now - TimeSpan.FromHours(1), stoppingToken);
                var nonces = await _nonces.DeleteExpiredAsync(now, stoppingToken);
                var sessions = await _sessions.DeleteExpiredAsync(now, stoppingToken);
                Log.CleanedUp(_logger, logins, nonces, sessions);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.CleanupFailed(_logger, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, EventName = "ExpiredStateCleaned", Level = LogLevel.Debug,
            Message = "Deleted {LoginCount} expired logins, {NonceCount} nonces and {SessionCount} sessions")]
        public static partial void CleanedUp(ILogger logger, int loginCount, int nonceCount, int sessionCount);

        [LoggerMessage(EventId = 1402, EventName = "ExpiredStateCleanupFailed", Level = LogLevel.Error,
            Message = "Deleting expired logins, nonces and sessions failed; retrying at the next interval")]
        public static partial void CleanupFailed(ILogger logger, Exception exception);
    }
}
