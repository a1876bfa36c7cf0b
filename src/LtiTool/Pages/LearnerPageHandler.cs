using System.Text.Json;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Review;
using LtiPd.LtiTool.Services.Grades;
using LtiPd.LtiTool.Sessions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// Serves the catalog pages and the activity player. Every page needs a live session; every post
/// needs the session's CSRF token; progress is read and written only for the session's
/// registration and user.
/// </summary>
internal sealed partial class LearnerPageHandler
{
    private readonly SessionAccessor _sessions;
    private readonly ModuleCatalog _catalog;
    private readonly ProgressStore _progress;
    private readonly LearningEvents _events;
    private readonly ActivityView _activityView;
    private readonly EvidenceRepository _evidence;
    private readonly AwardNotices _notices;
    private readonly GradeResults _grades;
    private readonly ILogger<LearnerPageHandler> _logger;

    public LearnerPageHandler(
        SessionAccessor sessions,
        ModuleCatalog catalog,
        ProgressStore progress,
        LearningEvents events,
        SafeHtml safeHtml,
        IOptions<CatalogOptions> options,
        IOptions<EvidenceOptions> evidenceOptions,
        EvidenceRepository evidence,
        AwardNotices notices,
        GradeResults grades,
        ILogger<LearnerPageHandler> logger)
    {
        _sessions = sessions;
        _catalog = catalog;
        _progress = progress;
        _events = events;
        _activityView = new ActivityView(safeHtml, options.Value, evidenceOptions.Value);
        _evidence = evidence;
        _notices = notices;
        _grades = grades;
        _logger = logger;
    }

    public async Task<IResult> ListAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var records = await _progress.ListAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        var progress = LearnerProgress.ByModule(_catalog.Modules, records);
        return PageLayout.Result(context, ModuleListView.Render(_catalog.Modules, progress));
    }

    public async Task<IResult> ModuleAsync(HttpContext context, string moduleId)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var module = _catalog.Find(moduleId);
        if (module is null)
        {
            return LearnerPageResults.NotFound(context, "This module is not in the catalog. It may have been renamed or removed.");
        }

        var records = await LoadModuleRecordsAsync(session, module, context.RequestAborted);
        var progress = ModuleCompletion.Evaluate(module, LearnerProgress.DoneIds(records.Values));
        await _events.LaunchedAsync(session, module, context.RequestAborted);
        var notice = await _notices.TakeAsync(session, context.RequestAborted);
        var grades = await _grades.FindForLearnerAsync(session.RegistrationId, session.UserId, module.Id, context.RequestAborted);
        var grade = grades.FirstOrDefault(candidate => candidate.ContextRef == session.ContextId) ?? (grades.Count > 0 ? grades[0] : null);
        return PageLayout.Result(context, ModuleView.Render(module, progress, records, notice, grade));
    }

    public async Task<IResult> ActivityAsync(HttpContext context, string moduleId, string activityId)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        if (FindActivity(moduleId, activityId) is not var (module, activity))
        {
            return LearnerPageResults.NotFound(context, "This activity is not in the catalog. It may have been renamed or removed.");
        }

        // After a quiz post the browser is sent here with ?result=latest (post, redirect, get), so
        // reloading the result page shows the stored attempt again instead of posting it again.
        var state = ActivityPageState.Empty;
        if (activity.Kind == ActivityKind.Quiz && context.Request.Query["result"] == "latest")
        {
            state = await LatestQuizResultAsync(session, module, activity, context.RequestAborted);
        }

        await _events.OpenedAsync(session, module, activity, context.RequestAborted);
        return await RenderActivityAsync(context, session, module, activity, state, StatusCodes.Status200OK);
    }

    public async Task<IResult> MarkDoneAsync(HttpContext context, string moduleId, string activityId)
    {
        var (post, rejection) = await AuthorizePostAsync(context, moduleId, activityId);
        if (post is null)
        {
            return rejection!;
        }

        var (session, module, activity, _) = post;
        if (activity.Kind is not (ActivityKind.Read or ActivityKind.Watch))
        {
            return LearnerPageResults.WrongForm(context, activity);
        }

        await _events.ExperiencedAsync(session, module, activity, context.RequestAborted);
        return new SeeOtherResult(LearnerText.ActivityUrl(module, activity));
    }

    public async Task<IResult> SubmitQuizAsync(HttpContext context, string moduleId, string activityId)
    {
        var (post, rejection) = await AuthorizePostAsync(context, moduleId, activityId);
        if (post is null)
        {
            return rejection!;
        }

        var (session, module, activity, form) = post;
        if (activity.Kind != ActivityKind.Quiz)
        {
            return LearnerPageResults.WrongForm(context, activity);
        }

        // A question sent with two options (a crafted form: the page offers radio buttons) is
        // rejected by number instead of being graded as unanswered.
        var repeated = activity.Quiz!.Questions
            .Select((question, index) => (Question: question, Number: index + 1))
            .Where(entry => form[$"q-{entry.Question.Id}"].Count > 1)
            .ToList();
        if (repeated.Count > 0)
        {
            var state = new ActivityPageState
            {
                Error = $"Choose one option per question. More than one option was sent for question {string.Join(", ", repeated.Select(entry => entry.Number))}.",
                Unanswered = repeated.Select(entry => entry.Question).ToList(),
            };
            return await RenderActivityAsync(context, session, module, activity, state, StatusCodes.Status400BadRequest);
        }

        var selections = activity.Quiz.Questions
            .Where(question => !string.IsNullOrEmpty(form[$"q-{question.Id}"].ToString()))
            .ToDictionary(question => question.Id, question => form[$"q-{question.Id}"].ToString(), StringComparer.Ordinal);
        var grading = QuizGrader.Grade(activity.Quiz, selections);
        if (grading.Result is not { } result)
        {
            var numbers = grading.Unanswered.Select(question => activity.Quiz.Questions.ToList().IndexOf(question) + 1);
            var state = new ActivityPageState
            {
                Error = $"Answer every question before you submit. Missing: question {string.Join(", ", numbers)}.",
                QuizSelections = selections,
                Unanswered = grading.Unanswered,
            };
            return await RenderActivityAsync(context, session, module, activity, state, StatusCodes.Status400BadRequest);
        }

        var answers = JsonSerializer.Serialize(result.Answers.ToDictionary(answer => answer.Question.Id, answer => answer.Chosen.Id));
        var outcome = new ActivityOutcome(IsDone: result.Passed, ScorePercent: result.ScorePercent, Response: answers);
        await _events.QuizSubmittedAsync(session, module, activity, result, outcome, context.RequestAborted);
        return new SeeOtherResult(LearnerText.ActivityUrl(module, activity) + "?result=latest");
    }

    public async Task<IResult> SubmitReflectionAsync(HttpContext context, string moduleId, string activityId)
    {
        var (post, rejection) = await AuthorizePostAsync(context, moduleId, activityId);
        if (post is null)
        {
            return rejection!;
        }

        var (session, module, activity, form) = post;
        if (activity.Kind != ActivityKind.Reflect)
        {
            return LearnerPageResults.WrongForm(context, activity);
        }

        var (text, length) = ReflectionCheck.Normalize(form["reflection"].ToString());
        if (ReflectionCheck.Problem(activity.Reflection!, length) is { } problem)
        {
            var state = new ActivityPageState { Error = problem, ReflectionDraft = text };
            return await RenderActivityAsync(context, session, module, activity, state, StatusCodes.Status400BadRequest);
        }

        await _events.ReflectionSubmittedAsync(session, module, activity, text, context.RequestAborted);
        return new SeeOtherResult(LearnerText.ActivityUrl(module, activity));
    }

    /// <summary>Renders the activity page; evidence activities load the learner's evidence unless the state carries it.</summary>
    public async Task<IResult> RenderActivityAsync(
        HttpContext context, LtiSession session, CatalogModule module, CatalogActivity activity, ActivityPageState state, int statusCode)
    {
        var records = await LoadModuleRecordsAsync(session, module, context.RequestAborted);
        records.TryGetValue(activity.Id, out var record);
        var progress = ModuleCompletion.Evaluate(module, LearnerProgress.DoneIds(records.Values));
        if (activity.Kind == ActivityKind.Evidence && state.Evidence is null)
        {
            var cycleStartMs = await _progress.GetCycleStartAsync(session.RegistrationId, session.UserId, module.Id, context.RequestAborted);
            state = state with { Evidence = await _evidence.FindForActivityAsync(session.RegistrationId, session.UserId, module.Id, activity.Id, cycleStartMs, context.RequestAborted) };
        }

        var notice = statusCode == StatusCodes.Status200OK ? await _notices.TakeAsync(session, context.RequestAborted) : string.Empty;
        return PageLayout.Result(context, _activityView.Render(session, module, activity, record, progress, state, notice), statusCode);
    }

    private async Task<ActivityPageState> LatestQuizResultAsync(LtiSession session, CatalogModule module, CatalogActivity activity, CancellationToken cancellationToken)
    {
        var records = await _progress.ListForModuleAsync(session.RegistrationId, session.UserId, module.Id, cancellationToken);
        var response = records.FirstOrDefault(record => record.ActivityId == activity.Id)?.Response;
        if (response is null)
        {
            return ActivityPageState.Empty;
        }

        var selections = JsonSerializer.Deserialize<Dictionary<string, string>>(response) ?? [];
        return QuizGrader.Grade(activity.Quiz!, selections).Result is { } result ? new ActivityPageState { QuizResult = result } : ActivityPageState.Empty;
    }

    private async Task<Dictionary<string, ActivityProgressRecord>> LoadModuleRecordsAsync(LtiSession session, CatalogModule module, CancellationToken cancellationToken)
    {
        var records = await _progress.ListForModuleAsync(session.RegistrationId, session.UserId, module.Id, cancellationToken);
        return records.ToDictionary(record => record.ActivityId, StringComparer.Ordinal);
    }

    private (CatalogModule Module, CatalogActivity Activity)? FindActivity(string moduleId, string activityId)
    {
        var module = _catalog.Find(moduleId);
        var activity = module?.FindActivity(activityId);
        return module is null || activity is null ? null : (module, activity);
    }

    /// <summary>Checks the session, then the CSRF token, then that the activity exists, in that order.</summary>
    private async Task<(AuthorizedPost? Post, IResult? Rejection)> AuthorizePostAsync(HttpContext context, string moduleId, string activityId)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : FormCollection.Empty;
        if (!CsrfCheck.IsValid(session, form))
        {
            Log.CsrfRejected(_logger, session.RegistrationId, context.Request.Path.Value);
            return (null, LearnerPageResults.CsrfRejected(context));
        }

        if (FindActivity(moduleId, activityId) is not var (module, activity))
        {
            return (null, LearnerPageResults.NotFound(context, "This activity is not in the catalog. It may have been renamed or removed."));
        }

        return (new AuthorizedPost(session, module, activity, form), null);
    }

    private sealed record AuthorizedPost(LtiSession Session, CatalogModule Module, CatalogActivity Activity, IFormCollection Form);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1611, EventName = "LearnerFormCsrfRejected", Level = LogLevel.Information,
            Message = "Rejected a learner form post to {Path} for registration {RegistrationId}: the CSRF token was missing or wrong")]
        public static partial void CsrfRejected(ILogger logger, string registrationId, string? path);
    }
}
