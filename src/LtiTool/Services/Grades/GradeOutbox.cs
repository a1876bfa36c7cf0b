using System.Data.Common;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// Queues a learner's module score for the LMS gradebook inside the caller's transaction, so the
/// score is stored exactly when the change that caused it is. <see cref="GradeDeliverer"/> sends
/// it later and keeps it through LMS outages and rate limits.
/// </summary>
public sealed class GradeOutbox
{
    private readonly Database _database;
    private readonly IEvidenceStatusSource _evidence;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the outbox.</summary>
    public GradeOutbox(Database database, IEvidenceStatusSource evidence, TimeProvider timeProvider)
    {
        _database = database;
        _evidence = evidence;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Queues the learner's current score in <paramref name="module"/> for the course
    /// <paramref name="contextRef"/> (our id), computed from their done activities and the review
    /// of their evidence as seen in <paramref name="transaction"/>. Evidence review calls this
    /// after it changes a review. Returns false, and queues nothing, when the course granted no
    /// Assignment and Grade Services. Canvas counts a score with <paramref name="newSubmission"/>
    /// set as a new attempt.
    /// </summary>
    public async Task<bool> EnqueueAsync(
        DbConnection connection,
        DbTransaction transaction,
        string registrationId,
        string userId,
        string contextRef,
        CatalogModule module,
        bool newSubmission,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(module);
        var key = new { RegistrationId = registrationId, UserRef = userId, ContextRef = contextRef, ModuleId = module.Id };
        if (await connection.ExecuteScalarAsync<long>(_database.Command(GradeOutboxSql.HasGradebook, key, cancellationToken, transaction)) == 0)
        {
            return false;
        }

        var doneIds = await connection.QueryAsync<string>(_database.Command(GradeOutboxSql.SelectDoneIds, key, cancellationToken, transaction));
        var progress = ModuleCompletion.Evaluate(module, doneIds.ToHashSet(StringComparer.Ordinal));
        var evidence = await _evidence.GetAsync(connection, transaction, registrationId, userId, module.Id, cancellationToken);
        var score = ModuleScoreCalculator.Calculate(module, progress, evidence);

        await connection.ExecuteAsync(_database.Command(GradeOutboxSql.Enqueue, new
        {
            key.RegistrationId,
            key.UserRef,
            key.ContextRef,
            key.ModuleId,
            score.ScoreGiven,
            score.ScoreMaximum,
            score.ActivityProgress,
            score.GradingProgress,
            score.Comment,
            NewSubmission = newSubmission ? 1 : 0,
            NowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken, transaction));
        return true;
    }

    /// <summary>Counts the scores of a registration neither delivered nor rejected yet.</summary>
    public async Task<long> CountPendingAsync(string registrationId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(_database.Command(GradeOutboxSql.CountPending, new { RegistrationId = registrationId }, cancellationToken));
    }
}
