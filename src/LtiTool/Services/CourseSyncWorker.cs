using LtiPd.LtiTool.Services.Grades;
using LtiPd.LtiTool.Services.Nrps;

namespace LtiPd.LtiTool.Services;

/// <summary>Runs the roster and results syncs <see cref="CourseSyncQueue"/> collects, one course at a time.</summary>
internal sealed partial class CourseSyncWorker : BackgroundService
{
    private readonly CourseSyncQueue _queue;
    private readonly RosterSync _roster;
    private readonly GradeResults _results;
    private readonly ILogger<CourseSyncWorker> _logger;

    public CourseSyncWorker(CourseSyncQueue queue, RosterSync roster, GradeResults results, ILogger<CourseSyncWorker> logger)
    {
        _queue = queue;
        _roster = roster;
        _results = results;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (registrationId, contextRef) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await _roster.SyncAsync(registrationId, contextRef, null, null, null, stoppingToken);
                    await _results.SyncAsync(registrationId, contextRef, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One course's failure must not stop the syncs of the others.
                    Log.SyncFailed(_logger, registrationId, contextRef, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown; queued syncs are dropped and the next leader launch queues them again.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1767, EventName = "CourseSyncFailed", Level = LogLevel.Error,
            Message = "Background sync of course {ContextRef} (registration {RegistrationId}) failed")]
        public static partial void SyncFailed(ILogger logger, string registrationId, string contextRef, Exception exception);
    }
}
