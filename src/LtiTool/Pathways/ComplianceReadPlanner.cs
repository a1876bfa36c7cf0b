using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Decides where a compliance read takes its figures from, so no read waits for a build. A small
/// district's read stays exact by evaluating a few marked people or the whole pathway. A large
/// district's read queries the stored rows and shows how current they are while
/// <see cref="ComplianceBuildWorker"/> brings them up to date. That read requests a build
/// only once its response is sent, so the two do not compete for the CPU.
/// </summary>
internal sealed partial class ComplianceReadPlanner
{
    private readonly ComplianceStatusStore _status;
    private readonly ComplianceBuildQueue _queue;
    private readonly IOptionsMonitor<ComplianceOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ComplianceReadPlanner> _logger;

    public ComplianceReadPlanner(
        ComplianceStatusStore status, ComplianceBuildQueue queue, IOptionsMonitor<ComplianceOptions> options, TimeProvider timeProvider, ILogger<ComplianceReadPlanner> logger)
    {
        _status = status;
        _queue = queue;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Returns where the read of <paramref name="pathway"/> takes its figures from, for the request of <paramref name="context"/>.</summary>
    public async Task<ComplianceRead> PlanAsync(HttpContext context, string districtId, Pathway pathway, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pathway);
        var state = await _status.ReadStateAsync(districtId, pathway, cancellationToken);
        if (state.IsCurrent)
        {
            return ComplianceRead.Current;
        }

        // Exact figures cost 27 to 48 µs of CPU per person evaluated (page-load), so only a small district gets one.
        var maxEvaluated = _options.CurrentValue.MaxEvaluatedPeople;
        if (maxEvaluated > 0 && await _status.CountPeopleAsync(districtId, cancellationToken) <= maxEvaluated)
        {
            return await _status.TryRefreshAsync(districtId, pathway, cancellationToken)
                ? ComplianceRead.Current
                : new ComplianceRead { Evaluated = new EvaluatedCompliance(await _status.EvaluateAsync(districtId, pathway, cancellationToken), _timeProvider.GetUtcNow()) };
        }

        context.Response.OnCompleted(() =>
        {
            _queue.Request(districtId);
            return Task.CompletedTask;
        });
        Log.ReadStoredRows(_logger, pathway.Id, districtId, state.Built, state.CurrentDefinition, state.MarkedPeople);
        return new ComplianceRead { Stale = state };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1890, EventName = "ComplianceReadNotCurrent", Level = LogLevel.Debug,
            Message = "Compliance of pathway {PathwayId} in district {DistrictId} was read from rows that are not current (built: {Built}, current definition: {CurrentDefinition}, marked people: {MarkedPeople}); the read shows how current they are and asks the worker to update them once it is sent")]
        public static partial void ReadStoredRows(ILogger logger, string pathwayId, string districtId, bool built, bool currentDefinition, long markedPeople);
    }
}
