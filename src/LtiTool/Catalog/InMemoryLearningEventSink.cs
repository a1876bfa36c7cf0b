using System.Collections.Concurrent;
using System.Data.Common;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Keeps the latest learner steps in memory (the newest <see cref="Capacity"/>), for tests. It is
/// the catalog's default sink and writes no statements. The host replaces it with
/// <c>XapiLearningEventSink</c> in <c>AddXapiLearning</c>.
/// </summary>
/// <remarks>
/// NOTE: it keeps a step when the step is queued, so a step whose transaction later rolls back
/// stays in <see cref="Events"/>.
/// </remarks>
public sealed class InMemoryLearningEventSink : ILearningEventSink
{
    /// <summary>How many steps are kept; older ones are dropped first.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentQueue<(LearningEventVerb Verb, LearningStep Step)> _events = new();

    /// <summary>The kept steps, oldest first.</summary>
    public IReadOnlyList<(LearningEventVerb Verb, LearningStep Step)> Events => _events.ToArray();

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> QueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var learningEvent in events)
        {
            _events.Enqueue((learningEvent.Verb, learningEvent.Step));
        }

        while (_events.Count > Capacity && _events.TryDequeue(out _))
        {
        }

        return Task.FromResult<IReadOnlyList<string>>([]);
    }

    /// <inheritdoc/>
    public Task DeliverAsync(string registrationId, string userId, IReadOnlyList<string> queued, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
