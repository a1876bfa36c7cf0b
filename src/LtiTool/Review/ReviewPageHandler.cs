using System.Globalization;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// Serves the PD leader pages under <c>/app/review</c>. Every page needs a session with the PD
/// leader or administrator role (learners get 403), every post the session's CSRF token, and
/// every query is scoped to the session's registration.
/// </summary>
internal sealed partial class ReviewPageHandler
{
    /// <summary>The most rows the queue shows at once.</summary>
    public const int QueueLimit = 200;

    private readonly SessionAccessor _sessions;
    private readonly ModuleCatalog _catalog;
    private readonly EvidenceRepository _repository;
    private readonly EvidenceService _service;
    private readonly SafeHtml _safeHtml;
    private readonly EvidenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ReviewPageHandler> _logger;

    public ReviewPageHandler(
        SessionAccessor sessions,
        ModuleCatalog catalog,
        EvidenceRepository repository,
        EvidenceService service,
        SafeHtml safeHtml,
        IOptions<EvidenceOptions> options,
        TimeProvider timeProvider,
        ILogger<ReviewPageHandler> logger)
    {
        _sessions = sessions;
        _catalog = catalog;
        _repository = repository;
        _service = service;
        _safeHtml = safeHtml;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<IResult> QueueAsync(HttpContext context)
    {
        var (session, rejection) = await AuthorizeAsync(context);
        if (session is null)
        {
            return rejection!;
        }

        var (query, errors) = ReviewQueueQuery.Parse(context.Request.Query, _catalog);
        if (query is null)
        {
            Log.QueueFilterRejected(_logger, session.RegistrationId, errors.Count);
            return PageLayout.Result(context, ReviewQueueView.RenderErrors(_catalog, errors), StatusCodes.Status400BadRequest);
        }

        if (query.LearnerRef is not null)
        {
            return await OpenLearnerAsync(context, session, query);
        }

        var filter = new EvidenceQueueFilter(query.ModuleId, query.Statuses, query.MinAgeDays, query.NewestFirst);
        var now = _timeProvider.GetUtcNow();
        var rows = await _repository.QueueAsync(session.RegistrationId, filter, now, QueueLimit, context.RequestAborted);
        return PageLayout.Result(context, ReviewQueueView.Render(_catalog, query, rows, now, QueueLimit));
    }

    public async Task<IResult> EvidenceAsync(HttpContext context, string submissionId)
    {
        var (session, rejection) = await AuthorizeAsync(context);
        if (session is null)
        {
            return rejection!;
        }

        var found = await FindAsync(context, session, submissionId);
        if (found.Rejection is not null)
        {
            return found.Rejection;
        }

        var state = context.Request.Query["saved"] == "1" ? new ReviewFormState { Saved = true } : ReviewFormState.Empty;
        return PageLayout.Result(context, ReviewEvidenceView.Render(session, found.Submission!, found.Module!, found.Activity!, _safeHtml, _options, state));
    }

    public async Task<IResult> DecideAsync(HttpContext context, string submissionId)
    {
        var (session, rejection) = await AuthorizeAsync(context);
        if (session is null)
        {
            return rejection!;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        if (!CsrfCheck.IsValid(session, form))
        {
            Log.CsrfRejected(_logger, session.RegistrationId, context.Request.Path.Value);
            return LearnerPageResults.CsrfRejected(context);
        }

        var found = await FindAsync(context, session, submissionId);
        if (found.Rejection is not null)
        {
            return found.Rejection;
        }

        var (submission, module, activity) = (found.Submission!, found.Module!, found.Activity!);
        var rubric = activity.Evidence!.Rubric;
        var (decision, problem) = EvidenceInput.ReadDecision(rubric, form, _options.MaxFeedbackLength);
        EvidenceError? error = problem is null ? null : new EvidenceInvalid(problem);
        if (error is null && !int.TryParse(form["revision"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            error = new EvidenceInvalid("The form has no version number. Reload the page and decide again.");
        }

        if (error is null)
        {
            var revision = int.Parse(form["revision"].ToString(), CultureInfo.InvariantCulture);
            error = await _service.DecideAsync(session, submission, module, activity, revision, decision!, context.RequestAborted);
        }

        if (error is not null)
        {
            // Show the evidence as it is now, with the reviewer's input put back.
            var current = await _repository.FindAsync(session.RegistrationId, submissionId, context.RequestAborted) ?? submission;
            var levels = rubric.Criteria
                .Where(criterion => !string.IsNullOrEmpty(form[$"level-{criterion.Id}"].ToString()))
                .ToDictionary(criterion => criterion.Id, criterion => form[$"level-{criterion.Id}"].ToString(), StringComparer.Ordinal);
            var state = new ReviewFormState { Error = error.Message, Levels = levels, Feedback = form["feedback"].ToString() };
            var status = error is EvidenceConflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return PageLayout.Result(context, ReviewEvidenceView.Render(session, current, module, activity, _safeHtml, _options, state), status);
        }

        return new SeeOtherResult($"/app/review/{Uri.EscapeDataString(submission.Id)}?saved=1");
    }

    /// <summary>Opens one teacher's evidence in a module, as a Submission Review launch requests with <c>?learner=&amp;module=</c>.</summary>
    private async Task<IResult> OpenLearnerAsync(HttpContext context, LtiSession session, ReviewQueueQuery query)
    {
        var filter = new EvidenceQueueFilter(query.ModuleId, Enum.GetValues<EvidenceStatus>(), null, NewestFirst: false, query.LearnerRef);
        var rows = await _repository.QueueAsync(session.RegistrationId, filter, _timeProvider.GetUtcNow(), QueueLimit, context.RequestAborted);
        if (rows.Count == 1)
        {
            return new SeeOtherResult($"/app/review/{Uri.EscapeDataString(rows[0].Id)}");
        }

        if (rows.Count == 0)
        {
            return ReviewNotFound(context, "This teacher has not submitted evidence in this module yet.");
        }

        return PageLayout.Result(context, ReviewQueueView.Render(_catalog, query with { Status = "all" }, rows, _timeProvider.GetUtcNow(), QueueLimit));
    }

    private async Task<(EvidenceSubmission? Submission, CatalogModule? Module, CatalogActivity? Activity, IResult? Rejection)> FindAsync(
        HttpContext context, LtiSession session, string submissionId)
    {
        // The registration filter makes evidence of another registration indistinguishable from a missing id.
        var submission = await _repository.FindAsync(session.RegistrationId, submissionId, context.RequestAborted);
        if (submission is null)
        {
            return (null, null, null, ReviewNotFound(context, "This evidence was not found. It may belong to another district, or the link is incomplete."));
        }

        var module = _catalog.Find(submission.ModuleId);
        var activity = module?.FindActivity(submission.ActivityId);
        if (module is null || activity?.Evidence is null)
        {
            return (null, null, null, ReviewNotFound(context, "The activity of this evidence is no longer in the catalog, so it cannot be reviewed here."));
        }

        return (submission, module, activity, null);
    }

    private async Task<(LtiSession? Session, IResult? Rejection)> AuthorizeAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        if (session.Role < PdRole.Instructor)
        {
            Log.LearnerRejected(_logger, session.RegistrationId, session.UserId, context.Request.Path.Value);
            var body = "<p role=\"alert\">Only PD leaders and administrators can use this page. Open your PD activities from your course instead.</p>";
            return (null, PageLayout.Result(context, PageLayout.Render("Review evidence", body), StatusCodes.Status403Forbidden));
        }

        return (session, null);
    }

    private static IResult ReviewNotFound(HttpContext context, string message) => PageLayout.Result(
        context,
        PageLayout.Render("Not found", $"<p data-testid=\"error\">{PageLayout.Encode(message)}</p><p><a href=\"/app/review\">Back to the review queue</a></p>"),
        StatusCodes.Status404NotFound);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1711, EventName = "ReviewFormCsrfRejected", Level = LogLevel.Information,
            Message = "Rejected a review form post to {Path} for registration {RegistrationId}: the CSRF token was missing or wrong")]
        public static partial void CsrfRejected(ILogger logger, string registrationId, string? path);

        [LoggerMessage(EventId = 1712, EventName = "ReviewPageLearnerRejected", Level = LogLevel.Information,
            Message = "User {UserId} of registration {RegistrationId} without a PD leader role asked for {Path}")]
        public static partial void LearnerRejected(ILogger logger, string registrationId, string userId, string? path);

        [LoggerMessage(EventId = 1962, EventName = "ReviewQueueFilterRejected", Level = LogLevel.Information,
            Message = "Rejected the review queue filter of registration {RegistrationId}: {ErrorCount} invalid values")]
        public static partial void QueueFilterRejected(ILogger logger, string registrationId, int errorCount);
    }
}
