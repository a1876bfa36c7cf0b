using System.Data.Common;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Learning;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

/// <summary>
/// Records every step in an <see cref="InMemoryLearningEventSink"/> for the tests to inspect, then
/// hands it to the host's xAPI sink, so the catalog tests also run the statement writes.
/// </summary>
internal sealed class RecordingLearningEventSink : ILearningEventSink
{
    private readonly InMemoryLearningEventSink _recorded;
    private readonly XapiLearningEventSink _xapi;

    public RecordingLearningEventSink(InMemoryLearningEventSink recorded, XapiLearningEventSink xapi)
    {
        _recorded = recorded;
        _xapi = xapi;
    }

    public async Task<IReadOnlyList<string>> QueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken)
    {
        await _recorded.QueueAsync(connection, transaction, events, cancellationToken);
        return await _xapi.QueueAsync(connection, transaction, events, cancellationToken);
    }

    public Task DeliverAsync(string registrationId, string userId, IReadOnlyList<string> queued, CancellationToken cancellationToken) =>
        _xapi.DeliverAsync(registrationId, userId, queued, cancellationToken);
}
