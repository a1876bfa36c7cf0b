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

    public async Task LaunchedAsync(LearningStep step, CancellationToken cancellationToken)
    {
        await _recorded.LaunchedAsync(step, cancellationToken);
        await _xapi.LaunchedAsync(step, cancellationToken);
    }

    public async Task ExperiencedAsync(LearningStep step, CancellationToken cancellationToken)
    {
        await _recorded.ExperiencedAsync(step, cancellationToken);
        await _xapi.ExperiencedAsync(step, cancellationToken);
    }

    public async Task AnsweredAsync(LearningStep step, CancellationToken cancellationToken)
    {
        await _recorded.AnsweredAsync(step, cancellationToken);
        await _xapi.AnsweredAsync(step, cancellationToken);
    }

    public async Task CompletedAsync(LearningStep step, CancellationToken cancellationToken)
    {
        await _recorded.CompletedAsync(step, cancellationToken);
        await _xapi.CompletedAsync(step, cancellationToken);
    }

    public async Task PassedAsync(LearningStep step, CancellationToken cancellationToken)
    {
        await _recorded.PassedAsync(step, cancellationToken);
        await _xapi.PassedAsync(step, cancellationToken);
    }

    public async Task FailedAsync(LearningStep step, CancellationToken cancellationToken)
    {
        await _recorded.FailedAsync(step, cancellationToken);
        await _xapi.FailedAsync(step, cancellationToken);
    }
}
