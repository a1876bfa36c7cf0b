using System.Collections.Concurrent;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Keeps the latest learner steps in memory (the newest <see cref="Capacity"/>), for tests. It is
/// the catalog's default sink and writes no statements. The host replaces it with
/// <c>XapiLearningEventSink</c> in <c>AddXapiLearning</c>.
/// </summary>
public sealed class InMemoryLearningEventSink : ILearningEventSink
{
    /// <summary>How many steps are kept; older ones are dropped first.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentQueue<(LearningEventVerb Verb, LearningStep Step)> _events = new();

    /// <summary>The kept steps, oldest first.</summary>
    public IReadOnlyList<(LearningEventVerb Verb, LearningStep Step)> Events => _events.ToArray();

    /// <inheritdoc/>
    public Task LaunchedAsync(LearningStep step, CancellationToken cancellationToken) => Add(LearningEventVerb.Launched, step);

    /// <inheritdoc/>
    public Task ExperiencedAsync(LearningStep step, CancellationToken cancellationToken) => Add(LearningEventVerb.Experienced, step);

    /// <inheritdoc/>
    public Task AnsweredAsync(LearningStep step, CancellationToken cancellationToken) => Add(LearningEventVerb.Answered, step);

    /// <inheritdoc/>
    public Task CompletedAsync(LearningStep step, CancellationToken cancellationToken) => Add(LearningEventVerb.Completed, step);

    /// <inheritdoc/>
    public Task PassedAsync(LearningStep step, CancellationToken cancellationToken) => Add(LearningEventVerb.Passed, step);

    /// <inheritdoc/>
    public Task FailedAsync(LearningStep step, CancellationToken cancellationToken) => Add(LearningEventVerb.Failed, step);

    private Task Add(LearningEventVerb verb, LearningStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _events.Enqueue((verb, step));
        while (_events.Count > Capacity && _events.TryDequeue(out _))
        {
        }

        return Task.CompletedTask;
    }
}
