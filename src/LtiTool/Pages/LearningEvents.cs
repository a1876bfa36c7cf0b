using System.Data.Common;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// Records a learner's step from a page: the progress change and the step's statements, queued
/// through the <see cref="ILearningEventSink"/>, commit in one transaction, so neither is ever
/// stored without the other. The statements are delivered after the commit. A completion is sent
/// once: only when the stored step reports that the activity or module became done with it.
/// </summary>
internal sealed partial class LearningEvents
{
    private readonly Database _database;
    private readonly ProgressStore _progress;
    private readonly ActivityTimeStore _time;
    private readonly ILearningEventSink _sink;
    private readonly PathwayProgressService _pathways;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LearningEvents> _logger;

    public LearningEvents(
        Database database,
        ProgressStore progress,
        ActivityTimeStore time,
        ILearningEventSink sink,
        PathwayProgressService pathways,
        TimeProvider timeProvider,
        ILogger<LearningEvents> logger)
    {
        _database = database;
        _progress = progress;
        _time = time;
        _sink = sink;
        _pathways = pathways;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Queues and delivers the launched statement; opening a module changes no progress.</summary>
    public async Task LaunchedAsync(LtiSession session, CatalogModule module, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> queued;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            queued = await _sink.QueueAsync(connection, transaction, [new LearningEvent(LearningEventVerb.Launched, Step(session, module, activity: null))], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await _sink.DeliverAsync(session.RegistrationId, session.UserId, queued, cancellationToken);
    }

    /// <summary>
    /// Records that the learner opened the activity, so the statements of their later steps on it
    /// in this module cycle report the time since the first open as <c>result.duration</c>.
    /// </summary>
    public async Task OpenedAsync(LtiSession session, CatalogModule module, CatalogActivity activity, CancellationToken cancellationToken)
    {
        var cycleStartMs = await _progress.GetCycleStartAsync(session.RegistrationId, session.UserId, module.Id, cancellationToken);
        await _time.RecordOpenAsync(session.RegistrationId, session.UserId, module.Id, cycleStartMs, activity.Id, cancellationToken);
    }

    /// <summary>
    /// Records a read or watch activity as done, with its experienced statement. The statement is
    /// queued only when the activity becomes done, so a second "done" (another click, a reposted
    /// form) sends nothing new.
    /// </summary>
    public Task<RecordedStep> ExperiencedAsync(LtiSession session, CatalogModule module, CatalogActivity activity, CancellationToken cancellationToken) =>
        RecordAsync(
            session,
            module,
            activity,
            new ActivityOutcome(IsDone: true),
            recorded => recorded.ActivityNewlyDone
                ? [new LearningEvent(LearningEventVerb.Experienced, Step(session, module, activity) with { CycleStartMs = recorded.CycleStartMs })]
                : [],
            cancellationToken);

    /// <summary>Records a graded quiz attempt, with one answered statement per question and the passed or failed statement.</summary>
    public Task<RecordedStep> QuizSubmittedAsync(
        LtiSession session, CatalogModule module, CatalogActivity activity, QuizResult result, ActivityOutcome outcome, CancellationToken cancellationToken)
    {
        var step = Step(session, module, activity);
        var events = result.Answers
            .Select(answer => new LearningEvent(LearningEventVerb.Answered, step with
            {
                QuestionId = answer.Question.Id,
                OptionId = answer.Chosen.Id,
                IsCorrect = answer.IsCorrect,
            }))
            .Append(new LearningEvent(result.Passed ? LearningEventVerb.Passed : LearningEventVerb.Failed, step with { ScorePercent = result.ScorePercent }))
            .ToList();
        return RecordAsync(session, module, activity, outcome, _ => events, cancellationToken);
    }

    /// <summary>Records a reflection as done, with its submitted statement carrying the text.</summary>
    public Task<RecordedStep> ReflectionSubmittedAsync(LtiSession session, CatalogModule module, CatalogActivity activity, string text, CancellationToken cancellationToken) =>
        RecordAsync(
            session,
            module,
            activity,
            new ActivityOutcome(IsDone: true, Response: text),
            _ => [new LearningEvent(LearningEventVerb.Submitted, Step(session, module, activity) with { Response = text })],
            cancellationToken);

    /// <summary>
    /// Records the step and queues the events <paramref name="stepEvents"/> builds from what the
    /// stored step changed, followed by any completion events, in one transaction.
    /// </summary>
    private async Task<RecordedStep> RecordAsync(
        LtiSession session,
        CatalogModule module,
        CatalogActivity activity,
        ActivityOutcome outcome,
        Func<RecordedStep, IReadOnlyList<LearningEvent>> stepEvents,
        CancellationToken cancellationToken)
    {
        RecordedStep recorded;
        IReadOnlyList<string> queued;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            recorded = await _progress.RecordAsync(
                connection, transaction, session.RegistrationId, session.UserId, module, activity, outcome, Scope(session), cancellationToken);
            var events = stepEvents(recorded).Concat(CompletionEvents(session, module, activity, recorded)).ToList();
            events = await WithDurationsAsync(connection, transaction, session, module, activity, recorded, events, cancellationToken);
            queued = await _sink.QueueAsync(connection, transaction, events, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (recorded.ModuleNewlyCompleted)
        {
            Log.ModuleCompleted(_logger, module.Id, session.RegistrationId, session.UserId, recorded.Progress.PointsEarned);
        }

        await _sink.DeliverAsync(session.RegistrationId, session.UserId, queued, cancellationToken);
        if (recorded.ModuleNewlyCompleted)
        {
            await PathwaysAfterModuleAsync(session, module, cancellationToken);
        }

        return recorded;
    }

    /// <summary>
    /// Sets each event's time on task in the step's transaction: an activity's events get the
    /// time since the activity was first opened in the cycle, and a module completion the sum of
    /// its activities' last durations, this step's included.
    /// </summary>
    private async Task<List<LearningEvent>> WithDurationsAsync(
        DbConnection connection,
        DbTransaction transaction,
        LtiSession session,
        CatalogModule module,
        CatalogActivity activity,
        RecordedStep recorded,
        List<LearningEvent> events,
        CancellationToken cancellationToken)
    {
        // A step that sends nothing (a second "done") leaves the reported duration as it was.
        if (events.Count == 0)
        {
            return events;
        }

        var stepAt = events[0].Step.OccurredAt;
        var activityDuration = await _time.MeasureStepAsync(
            connection, transaction, session.RegistrationId, session.UserId, module.Id, recorded.CycleStartMs, activity.Id, stepAt, cancellationToken);
        var moduleDuration = recorded.ModuleNewlyCompleted
            ? await _time.SumModuleAsync(connection, transaction, session.RegistrationId, session.UserId, module.Id, recorded.CycleStartMs, cancellationToken)
            : null;
        return events
            .Select(learningEvent => learningEvent with
            {
                Step = learningEvent.Step with { Duration = learningEvent.Step.ActivityId is null ? moduleDuration : activityDuration },
            })
            .ToList();
    }

    private IEnumerable<LearningEvent> CompletionEvents(LtiSession session, CatalogModule module, CatalogActivity activity, RecordedStep recorded)
    {
        if (recorded.ActivityNewlyDone)
        {
            yield return new LearningEvent(LearningEventVerb.Completed, Step(session, module, activity));
        }

        if (recorded.ModuleNewlyCompleted)
        {
            yield return new LearningEvent(LearningEventVerb.Completed, Step(session, module, activity: null) with { CycleStartMs = recorded.CycleStartMs });
        }
    }

    /// <summary>Records any pathway the module completed, so its bonus does not wait for the learner to open "my pathway".</summary>
    private async Task PathwaysAfterModuleAsync(LtiSession session, CatalogModule module, CancellationToken cancellationToken)
    {
        try
        {
            await _pathways.GetAndRecordAsync(session, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The module completion is stored; "my pathway" records the pathway on its next visit.
            Log.PathwayCheckFailed(_logger, module.Id, session.RegistrationId, session.UserId, exception);
        }
    }

    private LearningStep Step(LtiSession session, CatalogModule module, CatalogActivity? activity) => new()
    {
        RegistrationId = session.RegistrationId,
        UserId = session.UserId,
        ContextId = session.ContextId,
        ModuleId = module.Id,
        ActivityId = activity?.Id,
        ActivityKind = activity?.Kind,
        OccurredAt = _timeProvider.GetUtcNow(),
    };

    private static ProgressScope Scope(LtiSession session) => new(session.ContextId, session.ResourceLinkId, session.Role);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1612, EventName = "CatalogModuleCompleted", Level = LogLevel.Information,
            Message = "Module {ModuleId} completed by user {UserId} of registration {RegistrationId} with {Points} points")]
        public static partial void ModuleCompleted(ILogger logger, string moduleId, string registrationId, string userId, int points);

        [LoggerMessage(EventId = 1744, EventName = "PathwayCheckAfterModuleFailed", Level = LogLevel.Error,
            Message = "Checking pathways after module {ModuleId} was completed by user {UserId} of registration {RegistrationId} failed")]
        public static partial void PathwayCheckFailed(ILogger logger, string moduleId, string registrationId, string userId, Exception exception);
    }
}
