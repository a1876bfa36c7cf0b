using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.LtiTool.Catalog;
using LtiPd.Storage;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Profile;
using LtiPd.XapiBridge.Statements;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Learning;

/// <summary>
/// Queues each learner step as a statement of the PD xAPI profile in <see cref="StatementOutbox"/>,
/// in the transaction of the step's progress change, and after the commit stores it in the
/// embedded LRS under the tenant of the registration's district (and queues it for the district's
/// own LRS when <c>XapiBridge:Forwarding:Districts</c> lists that district). A statement the LRS
/// does not take stays queued for <see cref="StatementOutboxWorker"/> or the learner's next step.
/// </summary>
internal sealed partial class XapiLearningEventSink : ILearningEventSink
{
    /// <summary>The activity base IRI used when <c>Lti:PublicBaseUrl</c> is not set.</summary>
    // NOTE: activity ids then name no real host, and they change once PublicBaseUrl is set.
    public const string FallbackActivityBaseIri = "https://ltipd.invalid/";

    private readonly LearnerDirectory _learners;
    private readonly ModuleCatalog _catalog;
    private readonly EmbeddedLrsClient _lrs;
    private readonly Database _database;
    private readonly XapiOutbox _outbox;
    private readonly StatementOutbox _pending;
    private readonly IOptionsMonitor<XapiForwardingOptions> _forwarding;
    private readonly PdStatements _statements;
    private readonly ILogger<XapiLearningEventSink> _logger;

    public XapiLearningEventSink(
        LearnerDirectory learners,
        ModuleCatalog catalog,
        EmbeddedLrsClient lrs,
        Database database,
        XapiOutbox outbox,
        StatementOutbox pending,
        IOptionsMonitor<XapiForwardingOptions> forwarding,
        IOptions<LtiOptions> ltiOptions,
        ILogger<XapiLearningEventSink> logger)
    {
        _learners = learners;
        _catalog = catalog;
        _lrs = lrs;
        _database = database;
        _outbox = outbox;
        _pending = pending;
        _forwarding = forwarding;
        _logger = logger;
        var baseIri = string.IsNullOrEmpty(ltiOptions.Value.PublicBaseUrl) ? FallbackActivityBaseIri : ltiOptions.Value.PublicBaseUrl;
        _statements = new PdStatements(new PdStatementsOptions { ActivityBaseIri = new Uri(baseIri, UriKind.Absolute) });
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> QueueAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<LearningEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return [];
        }

        var first = events[0].Step;
        if (events.Any(learningEvent => learningEvent.Step.RegistrationId != first.RegistrationId || learningEvent.Step.UserId != first.UserId))
        {
            throw new ArgumentException($"All events of one call must be of one learner; the first is user {first.UserId} of registration {first.RegistrationId}.", nameof(events));
        }

        // The learner's rows are read on a separate connection, outside the step's transaction.
        // The step does not write them, so that read returns the rows the step works with.
        var learner = await _learners.FindAsync(first.RegistrationId, first.UserId, first.ContextId, cancellationToken);
        if (learner is null)
        {
            Log.LearnerNotFound(_logger, events[0].Verb, first.RegistrationId, first.UserId);
            return [];
        }

        var queued = new List<string>();
        foreach (var learningEvent in events)
        {
            if (Build(learningEvent, learner) is not { } statement)
            {
                continue;
            }

            var pending = ToPending(learningEvent.Step, learner, learningEvent.Verb, statement);
            await _pending.AddAsync(connection, transaction, pending, cancellationToken);
            queued.Add(pending.StatementId);
        }

        return queued;
    }

    /// <inheritdoc/>
    public async Task DeliverAsync(string registrationId, string userId, IReadOnlyList<string> queued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        IReadOnlyList<PendingStatement> pending;
        try
        {
            pending = await _pending.ListForUserAsync(registrationId, userId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The statements stay queued; the worker or the learner's next step stores them.
            Log.DeliveryFailed(_logger, registrationId, userId, exception);
            return;
        }

        // This step's statements go first, in the order of its events (answers before the
        // quiz result, the activity before the module). OrderBy is stable, so statements left
        // by an earlier failure follow in the order they were queued.
        var position = queued.Select((id, index) => (id, index)).ToDictionary(entry => entry.id, entry => entry.index, StringComparer.Ordinal);
        foreach (var statement in pending.OrderBy(statement => position.GetValueOrDefault(statement.StatementId, int.MaxValue)))
        {
            if (!await StorePendingAsync(_pending, statement, cancellationToken))
            {
                // The LRS is failing: the rest stay queued too, so they are stored in order later.
                return;
            }
        }
    }

    /// <summary>
    /// Builds the pathway-completed statement of one learner for one cycle of a pathway, for the
    /// caller to queue in <see cref="StatementOutbox"/> in the transaction of the completion row.
    /// The event id leaves out the time, so the statement id is the same however often this runs.
    /// Returns null when the learner is not found.
    /// </summary>
    public async Task<PendingStatement?> BuildPathwayCompletedAsync(
        LearningStep step, string pathwayId, string pathwayTitle, long cycleStartMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        var learner = await _learners.FindAsync(step.RegistrationId, step.UserId, step.ContextId, cancellationToken);
        if (learner is null)
        {
            Log.LearnerNotFound(_logger, LearningEventVerb.Completed, step.RegistrationId, step.UserId);
            return null;
        }

        var eventId = string.Join('\n', step.RegistrationId, step.UserId, "pathway", pathwayId, cycleStartMs.ToString(CultureInfo.InvariantCulture));
        var statement = _statements.Completed(eventId, learner.Person, ContextFor(step, learner, (pathwayId, pathwayTitle)), PdCompletionScope.Pathway);
        return ToPending(step, learner, LearningEventVerb.Completed, statement);
    }

    /// <summary>
    /// Stores a queued statement in the embedded LRS (and queues it for the district LRS) and
    /// removes it from <paramref name="outbox"/>. Returns false, leaving it queued, when storing
    /// failed; a statement the LRS rejects is logged and removed, since retrying cannot change that.
    /// </summary>
    public async Task<bool> StorePendingAsync(StatementOutbox outbox, PendingStatement pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(pending);
        try
        {
            var statement = JsonSerializer.Deserialize(pending.StatementJson, XapiJsonContext.Default.Statement)
                ?? throw new InvalidOperationException($"Queued statement {pending.StatementId} is JSON null.");
            await StoreAsync(pending.DistrictId, statement, pending.Verb, "outbox", cancellationToken);
            await outbox.RemoveAsync(pending.StatementId, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.QueuedStatementFailed(_logger, pending.StatementId, pending.DistrictId, exception);
            return false;
        }
    }

    /// <summary>Builds the statement of one event, or returns null for an event the profile does not report.</summary>
    private Statement? Build(LearningEvent learningEvent, LearnerRecord learner)
    {
        var step = learningEvent.Step;
        var person = learner.Person;
        var context = ContextFor(step, learner, pathway: null);
        return learningEvent.Verb switch
        {
            LearningEventVerb.Launched => _statements.Launched(OccurrenceEventId(step), person, context),
            LearningEventVerb.Experienced => _statements.Experienced(ExperiencedEventId(step), person, context, ItemId(step), ActivityOf(step).Title, step.Duration),
            LearningEventVerb.Answered => Answered(step, person, context),
            LearningEventVerb.Passed => Assessed(step, person, context, passed: true),
            LearningEventVerb.Failed => Assessed(step, person, context, passed: false),
            LearningEventVerb.Submitted => _statements.SubmittedReflection(
                OccurrenceEventId(step), person, context, ItemId(step), ActivityOf(step).Title,
                step.Response ?? throw new ArgumentException("A submitted reflection needs Response.", nameof(learningEvent)),
                step.Duration),
            // NOTE: the PD profile has no completed event for a single activity. A read or watch
            // activity is reported by its experienced statement, a quiz by passed or failed, a
            // reflection by submitted and evidence by its own submitted and approved statements.
            LearningEventVerb.Completed => step.ActivityId is null ? _statements.Completed(ModuleCompletedEventId(step), person, context, PdCompletionScope.Module, step.Duration) : null,
        };
    }

    private Statement Answered(LearningStep step, PdPerson learner, PdEventContext context)
    {
        var question = QuestionOf(step);
        var pdQuestion = new PdQuestion(
            $"{ItemId(step)}.{question.Id}",
            question.Prompt,
            InteractionTypes.Choice,
            question.Options.Select(option => KeyValuePair.Create(option.Id, option.Text)).ToList(),
            question.Options.Where(option => option.IsCorrect).Select(option => option.Id).ToList());
        var answer = new PdAnswer(step.OptionId ?? throw new ArgumentException("An answered step needs OptionId.", nameof(step)), step.IsCorrect, Duration: step.Duration);
        return _statements.Answered(OccurrenceEventId(step), learner, context, pdQuestion, answer);
    }

    private Statement Assessed(LearningStep step, PdPerson learner, PdEventContext context, bool passed)
    {
        var percent = step.ScorePercent ?? throw new ArgumentException("A passed or failed step needs ScorePercent.", nameof(step));
        var score = new Score { Scaled = percent / 100m, Raw = percent, Min = 0, Max = 100 };
        return _statements.Assessed(OccurrenceEventId(step), learner, context, ItemId(step), ActivityOf(step).Title, score, passed, step.Duration);
    }

    private static PendingStatement ToPending(LearningStep step, LearnerRecord learner, LearningEventVerb verb, Statement statement) => new()
    {
        StatementId = statement.Id!.Value.ToString("D"),
        DistrictId = learner.DistrictId,
        RegistrationId = step.RegistrationId,
        UserRef = step.UserId,
        Verb = verb,
        StatementJson = XapiJson.Serialize(statement),
        CreatedAtMs = step.OccurredAt.ToUnixTimeMilliseconds(),
    };

    private async Task StoreAsync(string districtId, Statement statement, LearningEventVerb verb, string moduleId, CancellationToken cancellationToken)
    {
        var json = JsonNode.Parse(XapiJson.Serialize(statement))!;
        var stored = await _lrs.StoreStatementsAsync(districtId, json, cancellationToken);
        if (!stored.Succeeded)
        {
            // 409: the same id with other content is already stored, which a repeated step with a
            // changed course title can cause. The first statement stays because stored statements never change.
            Log.StatementRejected(_logger, verb, statement.Id!.Value, districtId, stored.Error.Code, stored.Error.Detail);
            return;
        }

        if (!_forwarding.CurrentValue.Districts.ContainsKey(districtId))
        {
            return;
        }

        // EnqueueAsync skips an id queued before, so a repeated step queues nothing twice.
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var queued = await _outbox.EnqueueAsync(connection, transaction, districtId, statement, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.StatementStored(_logger, verb, statement.Id!.Value, districtId, moduleId, queued);
    }

    private PdEventContext ContextFor(LearningStep step, LearnerRecord learner, (string Id, string Title)? pathway)
    {
        // A pathway step has no module, so its ModuleId only names the pathway in logs.
        var module = pathway is null ? _catalog.Find(step.ModuleId) : null;
        return new PdEventContext
        {
            DistrictId = learner.DistrictId,
            Registration = PdStatements.RegistrationFor(learner.DistrictId, learner.Person, learner.LtiContextId ?? string.Empty),
            // Without a course the registration id is used in its place, so activity ids stay per district.
            CourseId = step.ContextId ?? step.RegistrationId,
            CourseName = learner.CourseTitle,
            ModuleId = pathway is null ? step.ModuleId : null,
            ModuleName = module?.Title,
            PathwayId = pathway?.Id,
            PathwayName = pathway?.Title,
            LtiDeploymentId = learner.LtiDeploymentId,
            LtiContextId = learner.LtiContextId,
            SchoolId = learner.SchoolId,
            Language = "en-US",
            Timestamp = step.OccurredAt,
        };
    }

    private CatalogActivity ActivityOf(LearningStep step)
    {
        var activityId = step.ActivityId ?? throw new ArgumentException("The step needs an ActivityId.", nameof(step));
        return _catalog.Find(step.ModuleId)?.FindActivity(activityId)
            ?? throw new ArgumentException($"Activity '{activityId}' of module '{step.ModuleId}' is not in the loaded catalog.", nameof(step));
    }

    private QuizQuestion QuestionOf(LearningStep step)
    {
        var quiz = ActivityOf(step).Quiz ?? throw new ArgumentException($"Activity '{step.ActivityId}' is not a quiz.", nameof(step));
        return quiz.Questions.FirstOrDefault(question => question.Id == step.QuestionId)
            ?? throw new ArgumentException($"Question '{step.QuestionId}' is not in quiz '{step.ActivityId}'.", nameof(step));
    }

    /// <summary>
    /// Returns the event id of a module completion: a module is completed once per learner and
    /// cycle, so the id leaves out the time. The first cycle (0) keeps the id it had before
    /// modules recurred.
    /// </summary>
    private static string ModuleCompletedEventId(LearningStep step) => step.CycleStartMs == 0
        ? string.Join('\n', step.RegistrationId, step.UserId, step.ModuleId)
        : string.Join('\n', step.RegistrationId, step.UserId, step.ModuleId, step.CycleStartMs.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Returns the event id of a read or watch activity experienced: it is done once per learner
    /// and cycle, so the id leaves out the time. Two "done" posts that race past the progress
    /// check then build one statement id, which the outbox and the LRS store once.
    /// </summary>
    private static string ExperiencedEventId(LearningStep step) => string.Join(
        '\n',
        step.RegistrationId,
        step.UserId,
        step.ModuleId,
        step.ActivityId ?? throw new ArgumentException("An experienced step needs ActivityId.", nameof(step)),
        step.CycleStartMs.ToString(CultureInfo.InvariantCulture));

    /// <summary>Activity ids are unique only within a module, so item ids carry both.</summary>
    private static string ItemId(LearningStep step) => $"{step.ModuleId}.{step.ActivityId}";

    /// <summary>
    /// Returns the event id of a step that may happen many times (launches, answers, attempts):
    /// the step's own ids and time, so sending the same step again yields the same statement id.
    /// </summary>
    private static string OccurrenceEventId(LearningStep step) => string.Join(
        '\n',
        step.RegistrationId,
        step.UserId,
        step.ModuleId,
        step.ActivityId ?? string.Empty,
        step.QuestionId ?? string.Empty,
        step.OccurredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1140, EventName = "QueuedStatementStoreFailed", Level = LogLevel.Warning,
            Message = "Storing queued statement {StatementId} of district {DistrictId} failed; it stays queued and is retried")]
        public static partial void QueuedStatementFailed(ILogger logger, string statementId, string districtId, Exception exception);

        [LoggerMessage(EventId = 1900, EventName = "LearningStatementStored", Level = LogLevel.Debug,
            Message = "Statement {StatementId} ({Verb}) stored for district {DistrictId}, module {ModuleId}; queued for the district LRS: {Queued}")]
        public static partial void StatementStored(ILogger logger, LearningEventVerb verb, Guid statementId, string districtId, string moduleId, bool queued);

        [LoggerMessage(EventId = 1901, EventName = "LearningStatementRejected", Level = LogLevel.Warning,
            Message = "The embedded LRS rejected statement {StatementId} ({Verb}) of district {DistrictId}: {ErrorCode} {ErrorDetail}")]
        public static partial void StatementRejected(ILogger logger, LearningEventVerb verb, Guid statementId, string districtId, string errorCode, string errorDetail);

        [LoggerMessage(EventId = 1902, EventName = "LearningStatementLearnerNotFound", Level = LogLevel.Warning,
            Message = "No {Verb} statement written: user {UserId} of registration {RegistrationId} was not found")]
        public static partial void LearnerNotFound(ILogger logger, LearningEventVerb verb, string registrationId, string userId);

        [LoggerMessage(EventId = 1840, EventName = "LearningStatementsDeliveryFailed", Level = LogLevel.Error,
            Message = "Reading the queued statements of user {UserId} of registration {RegistrationId} failed; they stay queued and are retried")]
        public static partial void DeliveryFailed(ILogger logger, string registrationId, string userId, Exception exception);
    }
}
