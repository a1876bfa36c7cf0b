using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using Microsoft.AspNetCore.Http.Features;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// The checks in front of every PD leader page: a live session, a leader role, and for a post the
/// session's CSRF token. The district always comes from the session's registration, never from
/// the request, so a leader reaches only their own district.
/// </summary>
internal sealed partial class LeaderAccess
{
    private readonly SessionAccessor _sessions;
    private readonly PlatformRegistry _registry;
    private readonly ILogger<LeaderAccess> _logger;

    public LeaderAccess(SessionAccessor sessions, PlatformRegistry registry, ILogger<LeaderAccess> logger)
    {
        _sessions = sessions;
        _registry = registry;
        _logger = logger;
    }

    /// <summary>Returns the leader and their registration, or the error page to return instead.</summary>
    public async Task<(LeaderContext? Leader, IResult? Rejection)> AuthorizeAsync(HttpContext context, PdRole minimumRole = PdRole.Instructor)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        if (session.Role < minimumRole)
        {
            var who = minimumRole == PdRole.Administrator ? "district administrators" : "PD leaders and administrators";
            var body = $"<p role=\"alert\">Only {who} can use this page. <a href=\"/app/pathways/mine\">See your own pathway</a>.</p>";
            return (null, PageLayout.Result(context, PageLayout.Render("Not available", body), StatusCodes.Status403Forbidden));
        }

        var registration = await _registry.FindByIdAsync(session.RegistrationId, context.RequestAborted);
        if (registration is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        return (new LeaderContext(session, registration), null);
    }

    /// <summary>Like <see cref="AuthorizeAsync"/>, then reads the form and checks its CSRF token.</summary>
    public async Task<(LeaderContext? Leader, IFormCollection? Form, IResult? Rejection)> AuthorizePostAsync(HttpContext context, PdRole minimumRole = PdRole.Instructor)
    {
        var (leader, rejection) = await AuthorizeAsync(context, minimumRole);
        if (leader is null)
        {
            return (null, null, rejection);
        }

        IFormCollection? form;
        try
        {
            form = await ReadFormAsync(context);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The endpoint's size limit (a logo, a roster file) was hit before the form was read.
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return (null, null, LearnerPageResults.BodyTooLarge(context, limit));
        }

        if (form is null || !CsrfCheck.IsValid(leader.Session, form))
        {
            Log.CsrfRejected(_logger, leader.Session.RegistrationId, context.Request.Path.Value);
            return (null, null, LearnerPageResults.CsrfRejected(context));
        }

        return (leader, form, null);
    }

    /// <summary>Reads the form of a learner (not leader) post and checks its CSRF token.</summary>
    public async Task<(LtiSession? Session, IFormCollection? Form, IResult? Rejection)> AuthorizeLearnerPostAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, null, LearnerPageResults.SignInRequired(context));
        }

        var form = await ReadFormAsync(context);
        if (form is null || !CsrfCheck.IsValid(session, form))
        {
            Log.CsrfRejected(_logger, session.RegistrationId, context.Request.Path.Value);
            return (null, null, LearnerPageResults.CsrfRejected(context));
        }

        return (session, form, null);
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // A body over the form limits is rejected like a missing token.
            return null;
        }
        catch (IOException exception) when (exception is not BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            // A multipart body cut off before its last part is rejected the same way.
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1745, EventName = "LeaderFormCsrfRejected", Level = LogLevel.Information,
            Message = "Rejected a form post to {Path} for registration {RegistrationId}: the CSRF token was missing or wrong")]
        public static partial void CsrfRejected(ILogger logger, string registrationId, string? path);
    }
}
