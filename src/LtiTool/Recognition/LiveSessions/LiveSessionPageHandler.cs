using System.Globalization;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>
/// The PD leader's live session page at <c>/app/live-sessions</c>: the course's learners with a
/// CSRF-protected attendance form, and the sessions recorded so far. Learners get 403.
/// </summary>
internal sealed class LiveSessionPageHandler
{
    private const string Title = "Live session attendance";

    private readonly SessionAccessor _sessions;
    private readonly LiveSessionRecorder _recorder;
    private readonly TimeProvider _timeProvider;

    public LiveSessionPageHandler(SessionAccessor sessions, LiveSessionRecorder recorder, TimeProvider timeProvider)
    {
        _sessions = sessions;
        _recorder = recorder;
        _timeProvider = timeProvider;
    }

    public async Task<IResult> PageAsync(HttpContext context)
    {
        var (session, rejection) = await AuthorizeAsync(context, post: false);
        if (session is null)
        {
            return rejection!;
        }

        var notice = context.Request.Query["recorded"].ToString() is { Length: > 0 } count && int.TryParse(count, out var attendees)
            ? $"Attendance recorded for {attendees} learner{(attendees == 1 ? "" : "s")}. Their points appear within a minute."
            : null;
        return await RenderAsync(context, session, notice, [], null, StatusCodes.Status200OK);
    }

    public async Task<IResult> RecordAsync(HttpContext context)
    {
        var (session, rejection) = await AuthorizeAsync(context, post: true);
        if (session is null)
        {
            return rejection!;
        }

        var form = LiveSessionForm.Read(await context.Request.ReadFormAsync(context.RequestAborted));
        var (recorded, errors) = await _recorder.RecordAsync(session, form, context.RequestAborted);
        return recorded is null
            ? await RenderAsync(context, session, null, errors, form, StatusCodes.Status400BadRequest)
            : new SeeOtherResult($"/app/live-sessions?recorded={recorded.Attendees}");
    }

    public async Task<IResult> DetailAsync(HttpContext context, string sessionId)
    {
        var (session, rejection) = await AuthorizeAsync(context, post: false);
        if (session is null)
        {
            return rejection!;
        }

        var notice = context.Request.Query["corrected"].ToString() switch
        {
            LiveSessionRecorder.MarkAbsent => "The learner is marked absent. Their points for this session are removed within a minute.",
            LiveSessionRecorder.MarkPresent => "The learner is marked present. Their points appear within a minute.",
            _ => null,
        };
        return await RenderDetailAsync(context, session, sessionId, notice, null, StatusCodes.Status200OK);
    }

    public async Task<IResult> CorrectAsync(HttpContext context, string sessionId)
    {
        var (session, rejection) = await AuthorizeAsync(context, post: true);
        if (session is null)
        {
            return rejection!;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var action = form["action"].ToString();
        var error = await _recorder.CorrectAsync(session, sessionId, form["subject"].ToString(), action, form["reason"].ToString(), context.RequestAborted);
        if (error == LiveSessionRecorder.SessionNotFound)
        {
            return LearnerPageResults.NotFound(context, error);
        }

        return error is null
            ? new SeeOtherResult($"{DetailPath(sessionId)}?corrected={action}")
            : await RenderDetailAsync(context, session, sessionId, null, error, StatusCodes.Status400BadRequest);
    }

    private async Task<IResult> RenderDetailAsync(HttpContext context, LtiSession session, string sessionId, string? notice, string? error, int statusCode)
    {
        if (await _recorder.FindAsync(session, sessionId, context.RequestAborted) is not { } detail)
        {
            return LearnerPageResults.NotFound(context, LiveSessionRecorder.SessionNotFound);
        }

        var roster = await _recorder.RosterAsync(session.RegistrationId, session.ContextId!, context.RequestAborted);
        var crumbs = new PageLayout.Crumb[] { new(Title, "/app/live-sessions"), new(detail.Session.Title, null) };
        var page = LiveSessionCorrectionView.Render(session, roster, detail, notice, error is null ? [] : [error]);
        return PageLayout.Result(context, PageLayout.Render(detail.Session.Title, page, crumbs), statusCode);
    }

    private static string DetailPath(string sessionId) => "/app/live-sessions/" + Uri.EscapeDataString(sessionId);

    // A rejected post passes its form, so the page shows what the leader typed and ticked.
    private async Task<IResult> RenderAsync(
        HttpContext context, LtiSession session, string? notice, IReadOnlyList<string> errors, LiveSessionForm? form, int statusCode)
    {
        if (session.ContextId is not { } contextRef)
        {
            var body = "<p role=\"alert\" data-testid=\"error\">This launch has no course. Open the tool from the course whose live session you are recording.</p>";
            return PageLayout.Result(context, PageLayout.Render(Title, body), StatusCodes.Status400BadRequest);
        }

        var roster = await _recorder.RosterAsync(session.RegistrationId, contextRef, context.RequestAborted);
        var recorded = await _recorder.ListAsync(session.RegistrationId, contextRef, context.RequestAborted);
        var today = DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime);
        form ??= new LiveSessionForm("", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), []);
        var page = LiveSessionView.Render(session, roster, recorded, notice, errors, form, today);
        return PageLayout.Result(context, PageLayout.Render(Title, page), statusCode);
    }

    private async Task<(LtiSession? Session, IResult? Rejection)> AuthorizeAsync(HttpContext context, bool post)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        if (post)
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
            if (!CsrfCheck.IsValid(session, form))
            {
                return (null, LearnerPageResults.CsrfRejected(context));
            }
        }

        if (session.Role < PdRole.Instructor)
        {
            var body = "<p role=\"alert\">Only PD leaders and district administrators can record live session attendance.</p>";
            return (null, PageLayout.Result(context, PageLayout.Render(Title, body), StatusCodes.Status403Forbidden));
        }

        return (session, null);
    }
}
