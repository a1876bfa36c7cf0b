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
