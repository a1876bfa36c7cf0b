using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// Builds <see cref="LearningStep"/>s from a page's session and hands them to the
/// <see cref="ILearningEventSink"/>, after the step's progress is stored. A completion is sent
/// once: only when the stored step reports that the activity or module became done with it.
/// </summary>
internal sealed partial class LearningEvents
{
    private readonly ILearningEventSink _sink;
    private readonly PathwayProgressService _pathways;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LearningEvents> _logger;

    public LearningEvents(ILearningEventSink sink, PathwayProgressService pathways, TimeProvider timeProvider, ILogger<LearningEvents> logger)
    {
        _sink = sink;
        _pathways = pathways;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public Task LaunchedAsync(LtiSession session, CatalogModule module, CancellationToken cancellationToken) =>
        _sink.LaunchedAsync(Step(session, module, activity: null), cancellationToken);

    public async Task ExperiencedAsync(LtiSession session, CatalogModule module, CatalogActivity activity, RecordedStep recorded, CancellationToken cancellationToken)
    {
        await _sink.ExperiencedAsync(Step(session, module, activity), cancellationToken);
        await ActivityDoneAsync(session, module, activity, recorded, cancellationToken);
    }

    public async Task QuizSubmittedAsync(LtiSession session, CatalogModule module, CatalogActivity activity, QuizResult result, RecordedStep recorded, CancellationToken cancellationToken)
    {
        foreach (var answer in result.Answers)
        {
            await _sink.AnsweredAsync(Step(session, module, activity) with
            {
                QuestionId = answer.Question.Id,
                OptionId = answer.Chosen.Id,
                IsCorrect = answer.IsCorrect,
            }, cancellationToken);
        }

        var scored = Step(session, module, activity) with { ScorePercent = result.ScorePercent };
        if (result.Passed)
        {
            await _sink.PassedAsync(scored, cancellationToken);
        }
        else
        {
            await _sink.FailedAsync(scored, cancellationToken);
        }

        await ActivityDoneAsync(session, module, activity, recorded, cancellationToken);
    }

    public async Task ActivityDoneAsync(LtiSession session, CatalogModule module, CatalogActivity activity, RecordedStep recorded, CancellationToken cancellationToken)
    {
        if (recorded.ActivityNewlyDone)
        {
            await _sink.CompletedAsync(Step(session, module, activity), cancellationToken);
        }

        if (recorded.ModuleNewlyCompleted)
        {
            Log.ModuleCompleted(_logger, module.Id, session.RegistrationId, session.UserId, recorded.Progress.PointsEarned);
            await _sink.CompletedAsync(Step(session, module, activity: null) with { CycleStartMs = recorded.CycleStartMs }, cancellationToken);
            await PathwaysAfterModuleAsync(session, module, cancellationToken);
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
