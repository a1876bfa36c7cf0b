using System.Data.Common;
using System.Security.Cryptography;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Services.Grades;
using LtiPd.LtiTool.Sessions;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Statements;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// The evidence state machine. A submission and a decision each write, in one transaction, the
/// evidence rows, the learner's activity progress and the xAPI statement that describes the step
/// (plus its forwarding outbox row when the district forwards). The statement reaches the
/// embedded LRS right after the commit, or from <see cref="EvidenceStatementRelay"/> later.
/// </summary>
internal sealed partial class EvidenceService
{
    private readonly EvidenceRepository _repository;
    private readonly ProgressStore _progress;
    private readonly ActivityTimeStore _time;
    private readonly LearnerDirectory _learners;
    private readonly EvidenceStatements _statements;
    private readonly EvidenceStatementRelay _relay;
    private readonly XapiOutbox _outbox;
    private readonly IOptionsMonitor<XapiForwardingOptions> _forwarding;
    private readonly ILearningEventSink _sink;
    private readonly GradeOutbox _grades;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EvidenceService> _logger;

    public EvidenceService(
        EvidenceRepository repository,
        ProgressStore progress,
        ActivityTimeStore time,
        LearnerDirectory learners,
        EvidenceStatements statements,
        EvidenceStatementRelay relay,
        XapiOutbox outbox,
        IOptionsMonitor<XapiForwardingOptions> forwarding,
        ILearningEventSink sink,
        GradeOutbox grades,
        TimeProvider timeProvider,
        ILogger<EvidenceService> logger)
    {
        _repository = repository;
        _progress = progress;
        _time = time;
        _learners = learners;
        _statements = statements;
        _relay = relay;
        _outbox = outbox;
        _forwarding = forwarding;
        _sink = sink;
        _grades = grades;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Submits the learner's first revision, or the next one after a return. Returns null on
    /// success, or why the submission was not accepted.
    /// </summary>
    public async Task<EvidenceError?> SubmitAsync(LtiSession session, CatalogModule module, CatalogActivity activity, EvidenceDraft draft, CancellationToken cancellationToken)
    {
        var learner = await _learners.FindAsync(session.RegistrationId, session.UserId, session.ContextId, cancellationToken)
            ?? throw new InvalidOperationException($"User {session.UserId} of registration {session.RegistrationId} has a session but no user row.");
        var occurredAt = _timeProvider.GetUtcNow();
        var now = occurredAt.ToUnixTimeMilliseconds();

        // A module in an annual pathway recurs, and each cycle has its own submission.
        var cycleStartMs = await _progress.GetCycleStartAsync(session.RegistrationId, session.UserId, module.Id, cancellationToken);

        // Once started, the submission finishes without the request's token, because its file is
        // already stored and a closed tab should not undo a submission the learner made.
        await using var connection = await _repository.Database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var state = await _repository.LockStateAsync(connection, transaction, session.RegistrationId, session.UserId, module.Id, activity.Id, cycleStartMs, CancellationToken.None);
        string id;
        int revision;
        switch (state is null ? (EvidenceStatus?)null : Enum.Parse<EvidenceStatus>(state.Status))
        {
            case null:
                id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                revision = 1;
                try
                {
                    await _repository.InsertSubmissionAsync(connection, transaction, id, session.RegistrationId, session.UserId, session.ContextId, module.Id, activity.Id, cycleStartMs, now, CancellationToken.None);
                }
                catch (DbException exception)
                {
                    // A second post of the same form (a double click) loses the race on the
                    // unique (registration, user, module, activity, cycle) key.
                    Log.SubmitRaceLost(_logger, session.RegistrationId, module.Id, activity.Id, exception);
                    return new EvidenceConflict("Your evidence for this activity is already waiting for review. You can submit a new version if your reviewer returns it.");
                }

                break;
            case EvidenceStatus.Returned:
                id = state!.Id;
                revision = state.Revision + 1;
                if (!await _repository.ResubmitAsync(connection, transaction, session.RegistrationId, id, revision, session.ContextId, now, CancellationToken.None))
                {
                    return new EvidenceConflict("Your evidence changed while you were submitting. Reload the page to see where it stands.");
                }

                break;
            case EvidenceStatus.Approved:
                // Approved in this cycle; a later cycle of a recurring module starts a new submission.
                return new EvidenceConflict("Your evidence for this activity is already approved, so it cannot be submitted again.");
            default:
                return new EvidenceConflict("Your evidence for this activity is already waiting for review. You can submit a new version if your reviewer returns it.");
        }

        var duration = await _time.MeasureStepAsync(
            connection, transaction, session.RegistrationId, session.UserId, module.Id, cycleStartMs, activity.Id, occurredAt, CancellationToken.None);
        var statement = _statements.Submitted(learner, session.ContextId, session.RegistrationId, module, activity, id, revision, draft.File, occurredAt, duration);
        await _repository.InsertRevisionAsync(connection, transaction, session.RegistrationId, id, revision, draft, now, statement.Id!.Value, CancellationToken.None);
        await AddStatementAsync(connection, transaction, session.RegistrationId, learner.DistrictId, statement, now);
        await _progress.RecordAsync(
            connection, transaction, session.RegistrationId, session.UserId, module, activity, new ActivityOutcome(IsDone: false), scope: null, CancellationToken.None);
        if (session.ContextId is { } contextRef && session.Role == PdRole.Learner)
        {
            // The gradebook shows the module as waiting for a PD leader (PendingManual).
            await _grades.EnqueueAsync(connection, transaction, session.RegistrationId, session.UserId, contextRef, module, newSubmission: false, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);

        Log.Submitted(_logger, id, revision, session.RegistrationId, module.Id, activity.Id);
        await _relay.DeliverAsync([statement.Id.Value], CancellationToken.None);
        return null;
    }

    /// <summary>
    /// Records a reviewer's decision on revision <paramref name="revision"/> of a submission of the
    /// reviewer's registration. Approval marks the activity done for the learner in the same
    /// transaction. Returns null on success, or why the decision was not recorded.
    /// </summary>
    public async Task<EvidenceError?> DecideAsync(
        LtiSession reviewer, EvidenceSubmission submission, CatalogModule module, CatalogActivity activity, int revision, EvidenceDecision decision, CancellationToken cancellationToken)
    {
        if (submission.RegistrationId == reviewer.RegistrationId && submission.UserRef == reviewer.UserId)
        {
            return new EvidenceConflict("You cannot review your own evidence. Ask another PD leader of your district to review it.");
        }

        if (!submission.AwaitsReview || submission.Revision != revision)
        {
            return new EvidenceConflict("This evidence changed since you opened it: it was decided by another reviewer or resubmitted. Reload the page to see its current version.");
        }

        var learner = await _learners.FindAsync(submission.RegistrationId, submission.UserRef, submission.ContextRef, cancellationToken)
            ?? throw new InvalidOperationException($"Evidence {submission.Id} names user {submission.UserRef}, who has no user row.");
        var reviewerRecord = await _learners.FindAsync(reviewer.RegistrationId, reviewer.UserId, reviewer.ContextId, cancellationToken)
            ?? throw new InvalidOperationException($"User {reviewer.UserId} of registration {reviewer.RegistrationId} has a session but no user row.");
        var occurredAt = _timeProvider.GetUtcNow();
        var now = occurredAt.ToUnixTimeMilliseconds();
        var statement = _statements.Reviewed(reviewerRecord, learner, submission.ContextRef, submission.RegistrationId, module, activity, submission.Id, revision, decision.Approve, decision.Feedback, occurredAt);

        // As with a submission, a started decision finishes without the request's token.
        await using var connection = await _repository.Database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        if (!await _repository.DecideAsync(connection, transaction, submission.RegistrationId, submission.Id, revision, reviewer.UserId, decision, now, statement.Id!.Value, CancellationToken.None))
        {
            return new EvidenceConflict("This evidence changed since you opened it: it was decided by another reviewer or resubmitted. Reload the page to see its current version.");
        }

        await AddStatementAsync(connection, transaction, submission.RegistrationId, learner.DistrictId, statement, now);
        IReadOnlyList<string> learnerStatements = [];
        if (decision.Approve)
        {
            // Grade sync sees the approval as the learner's step in their course and queues the
            // final score with the reviewer's comment.
            // NOTE: the progress goes to the learner's current cycle, so evidence submitted in one
            // cycle and approved after the next cycle began counts for the new cycle.
            var scope = new ProgressScope(submission.ContextRef, null, PdRole.Learner);
            var step = await _progress.RecordAsync(
                connection, transaction, submission.RegistrationId, submission.UserRef, module, activity, new ActivityOutcome(IsDone: true), scope, CancellationToken.None);
            if (step.ModuleNewlyCompleted)
            {
                // The module's completion is queued through the learning sink like every other
                // completion, in this transaction.
                var completed = new LearningStep
                {
                    RegistrationId = submission.RegistrationId,
                    UserId = submission.UserRef,
                    ContextId = submission.ContextRef,
                    ModuleId = module.Id,
                    OccurredAt = occurredAt,
                    CycleStartMs = step.CycleStartMs,
                    // The reviewer's decision is not the learner's time: the evidence activity
                    // counts with the duration its submission reported.
                    Duration = await _time.SumModuleAsync(
                        connection, transaction, submission.RegistrationId, submission.UserRef, module.Id, step.CycleStartMs, CancellationToken.None),
                };
                learnerStatements = await _sink.QueueAsync(connection, transaction, [new LearningEvent(LearningEventVerb.Completed, completed)], CancellationToken.None);
            }
        }
        else if (submission.ContextRef is { } contextRef)
        {
            // A returned version: the gradebook gets the reviewer's comment, still not final.
            await _grades.EnqueueAsync(connection, transaction, submission.RegistrationId, submission.UserRef, contextRef, module, newSubmission: false, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);

        Log.Decided(_logger, submission.Id, revision, decision.Approve ? EvidenceStatus.Approved : EvidenceStatus.Returned, submission.RegistrationId, reviewer.UserId);
        await _relay.DeliverAsync([statement.Id.Value], CancellationToken.None);
        if (learnerStatements.Count > 0)
        {
            await _sink.DeliverAsync(submission.RegistrationId, submission.UserRef, learnerStatements, CancellationToken.None);
        }

        return null;
    }

    private async Task AddStatementAsync(DbConnection connection, DbTransaction transaction, string registrationId, string districtId, Statement statement, long now)
    {
        await _repository.InsertStatementAsync(connection, transaction, registrationId, districtId, statement.Id!.Value, XapiJson.Serialize(statement), now, CancellationToken.None);
        if (_forwarding.CurrentValue.Districts.ContainsKey(districtId))
        {
            await _outbox.EnqueueAsync(connection, transaction, districtId, statement, CancellationToken.None);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1702, EventName = "EvidenceSubmitted", Level = LogLevel.Information,
            Message = "Evidence {SubmissionId} revision {Revision} submitted in registration {RegistrationId} for {ModuleId}/{ActivityId}")]
        public static partial void Submitted(ILogger logger, string submissionId, int revision, string registrationId, string moduleId, string activityId);

        [LoggerMessage(EventId = 1703, EventName = "EvidenceDecided", Level = LogLevel.Information,
            Message = "Evidence {SubmissionId} revision {Revision} {Decision} in registration {RegistrationId} by user {ReviewerRef}")]
        public static partial void Decided(ILogger logger, string submissionId, int revision, EvidenceStatus decision, string registrationId, string reviewerRef);

        [LoggerMessage(EventId = 1713, EventName = "EvidenceSubmitRaceLost", Level = LogLevel.Information,
            Message = "A second first submission for {ModuleId}/{ActivityId} in registration {RegistrationId} was rejected: one was stored at the same moment")]
        public static partial void SubmitRaceLost(ILogger logger, string registrationId, string moduleId, string activityId, Exception exception);
    }
}
