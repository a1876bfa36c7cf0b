using System.Data.Common;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Writes the statement of every learner step in the catalog. <see cref="QueueAsync"/> runs inside
/// the transaction of the step's progress change, so the step and its statement commit or roll
/// back together; <see cref="DeliverAsync"/> runs after the commit. The xAPI layer implements it
/// with a durable outbox (verbs launched, experienced, answered, completed, passed, failed and
/// submitted).
/// </summary>
public interface ILearningEventSink
{
    /// <summary>
    /// Queues the statements of <paramref name="events"/>, all of one learner, in the caller's
    /// transaction, and returns the ids of the queued statements in the order of the events. The
    /// caller commits. A failure here throws, so the caller's step rolls back with its statements.
    /// </summary>
    Task<IReadOnlyList<string>> QueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers the learner's queued statements after the commit: <paramref name="queued"/> first,
    /// in their order, then any that an earlier failure left queued. A delivery failure is logged,
    /// not thrown, because the statements stay queued and are retried.
    /// </summary>
    Task DeliverAsync(string registrationId, string userId, IReadOnlyList<string> queued, CancellationToken cancellationToken);
}
