using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.DeepLinking;

/// <summary>
/// Serves <c>/app/deep-linking</c>: the picker (GET) and its post (POST), which returns to the
/// platform with a signed <c>LtiDeepLinkingResponse</c> in an auto-submitted form. The deep
/// linking settings come from the server-side session the launch stored, never from the form.
/// </summary>
public sealed partial class DeepLinkingHandler
{
    /// <summary>The used-value scope that records which deep linking sessions have replied, per registration.</summary>
    private const string ReplyScopePrefix = "deep-linking-reply:";

    private readonly SessionAccessor _sessions;
    private readonly SessionStore _sessionStore;
    private readonly PlatformRegistry _registry;
    private readonly IEnumerable<IDeepLinkOptionSource> _sources;
    private readonly DeepLinkingResponseFactory _responses;
    private readonly NonceStore _nonces;
    private readonly IOptionsMonitor<LtiOptions> _options;
    private readonly ILogger<DeepLinkingHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public DeepLinkingHandler(
        SessionAccessor sessions,
        SessionStore sessionStore,
        PlatformRegistry registry,
        IEnumerable<IDeepLinkOptionSource> sources,
        DeepLinkingResponseFactory responses,
        NonceStore nonces,
        IOptionsMonitor<LtiOptions> options,
        ILogger<DeepLinkingHandler> logger)
    {
        _sessions = sessions;
        _sessionStore = sessionStore;
        _registry = registry;
        _sources = sources;
        _responses = responses;
        _nonces = nonces;
        _options = options;
        _logger = logger;
    }

    /// <summary>Handles <c>GET /app/deep-linking</c>: shows the picker.</summary>
    public async Task<IResult> ShowAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, rejection) = await LoadRequestAsync(context);
        if (rejection is not null)
        {
            return rejection;
        }

        var (session, settings) = request!.Value;
        if (!AcceptsResourceLinks(settings))
        {
            return PageLayout.Result(context, DeepLinkingPickerView.RenderUnsupported(session, settings));
        }

        var options = await ListOptionsAsync(session, context.RequestAborted);
        return PageLayout.Result(context, DeepLinkingPickerView.Render(session, settings, options, problem: null));
    }

    /// <summary>Handles <c>POST /app/deep-linking</c>: checks the choice and returns the response to the platform.</summary>
    public async Task<IResult> SubmitAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, rejection) = await LoadRequestAsync(context);
        if (rejection is not null)
        {
            return rejection;
        }

        var (session, settings) = request!.Value;
        if (!context.Request.HasFormContentType)
        {
            return LearnerPageResults.CsrfRejected(context);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!CsrfCheck.IsValid(session, form))
        {
            return LearnerPageResults.CsrfRejected(context);
        }

        if (form["action"].ToString() == "cancel")
        {
            Log.DeepLinkingCancelled(_logger, session.RegistrationId, session.DeploymentId);
            return await ReplyAsync(context, session, settings, new DeepLinkingReply { Message = "No LtiPd activities were added." });
        }

        if (!AcceptsResourceLinks(settings))
        {
            return await ReplyAsync(context, session, settings, new DeepLinkingReply
            {
                ErrorMessage = "LtiPd could not add activities here: this placement does not accept LTI resource links.",
                ErrorLog = $"LtiPd returns ltiResourceLink items only; accept_types was [{string.Join(", ", settings.AcceptTypes)}].",
            });
        }

        var options = await ListOptionsAsync(session, context.RequestAborted);
        var (chosen, problem) = Choose(form["item"], options, settings);
        if (problem is not null)
        {
            return PageLayout.Result(context, DeepLinkingPickerView.Render(session, settings, options, problem), StatusCodes.Status400BadRequest);
        }

        Log.DeepLinkingItemsReturned(_logger, session.RegistrationId, session.DeploymentId, chosen.Count);
        return await ReplyAsync(context, session, settings, new DeepLinkingReply
        {
            Items = chosen,
            Message = chosen.Count == 1 ? $"Added \"{chosen[0].Title}\" from LtiPd." : $"Added {chosen.Count} LtiPd activities.",
            Log = "LtiPd placed " + string.Join(", ", chosen.Select(option => option.Key)),
        });
    }

    /// <summary>Checks the posted keys against the offered options and the platform's accept_multiple.</summary>
    private static (IReadOnlyList<DeepLinkOption> Chosen, string? Problem) Choose(
        IEnumerable<string?> keys,
        IReadOnlyList<DeepLinkOption> options,
        DeepLinkingSettingsClaimValueType settings)
    {
        var byKey = options.ToDictionary(option => option.Key, StringComparer.Ordinal);
        var posted = keys.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (posted.Count == 0)
        {
            return ([], "Choose at least one module, or select Cancel to return to the LMS without adding anything.");
        }

        if (posted.FirstOrDefault(key => !byKey.ContainsKey(key)) is { } unknown)
        {
            return ([], $"'{unknown}' is not in the catalog any more. Reload the page and choose again.");
        }

        // accept_multiple false means the platform takes at most one item.
        if (settings.AcceptMultiple == false && posted.Count > 1)
        {
            return ([], "This LMS placement accepts one activity at a time. Choose one module.");
        }

        return ([.. posted.Select(key => byKey[key])], null);
    }

    private async Task<IResult> ReplyAsync(HttpContext context, LtiSession session, DeepLinkingSettingsClaimValueType settings, DeepLinkingReply reply)
    {
        var registration = await _registry.FindByIdAsync(session.RegistrationId, context.RequestAborted);
        if (registration is null)
        {
            return PageLayout.Result(
                context,
                PageLayout.Render("Platform removed", "<p role=\"alert\">This LMS is no longer registered with LtiPd, so nothing can be added. Ask your district administrator.</p>"),
                StatusCodes.Status409Conflict);
        }

        var toolOrigin = ToolUrlsFactory.For(context, _options.CurrentValue).Origin;
        var target = new DeepLinkingTarget(registration.ClientId, registration.Issuer, session.DeploymentId, toolOrigin, settings);
        var jwt = await _responses.CreateAsync(target, reply, context.RequestAborted);

        // Deep Linking 2.0 expects one response per request. A second post from the same
        // session (a reload, a second tab, the back button) would place the items twice, so only
        // the first one is sent. The record is kept in the database, so it holds across nodes.
        var sessionId = context.Request.Cookies[SessionCookies.SessionCookieName] ?? "";
        if (!await _nonces.TryUseOnceAsync(ReplyScopePrefix + session.RegistrationId, sessionId, session.ExpiresAt))
        {
            Log.DeepLinkingReplyRepeated(_logger, session.RegistrationId, session.DeploymentId);
            var body = "<p role=\"alert\" data-testid=\"error\">LtiPd already sent its answer to this request to your LMS, so it did not send a second one. " +
                "To add more activities, start again from your LMS, for example from its \"external tool\" choice.</p>";
            return PageLayout.Result(context, PageLayout.Render("Already returned to your LMS", body), StatusCodes.Status409Conflict);
        }

        return ScriptPageResult(context, settings.DeepLinkReturnUrl, jwt, reply.Items.Count);
    }

    private static IResult ScriptPageResult(HttpContext context, string returnUrl, string jwt, int itemCount) =>
        ScriptPage.Result(
            context,
            "Returning to your LMS",
            DeepLinkingPickerView.RenderReturn(returnUrl, jwt, itemCount),
            "document.forms[0].submit();",
            [returnUrl]);

    /// <summary>Loads the session and its deep linking settings, or the page that says why there are none.</summary>
    private async Task<((LtiSession Session, DeepLinkingSettingsClaimValueType Settings)? Request, IResult? Rejection)> LoadRequestAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        // Placing content in a course is a PD leader task. An LMS may still show a learner the
        // placement, so the page says so instead of offering the task.
        if (session.Role < PdRole.Instructor)
        {
            var body = "<p role=\"alert\">Only PD leaders and administrators can add PD to a course. Open your PD activities from your course instead.</p>";
            return (null, PageLayout.Result(context, PageLayout.Render(DeepLinkingPickerView.Title, body), StatusCodes.Status403Forbidden));
        }

        var settings = session.MessageType == LtiMessageTypes.DeepLinkingRequest ? await LoadSettingsAsync(context) : null;
        if (settings is null)
        {
            var body = "<p role=\"alert\" data-testid=\"error\">This page opens from your LMS when you add content to a course, for example from an assignment's or module's \"external tool\" choice. Start there to add LtiPd modules.</p>";
            return (null, PageLayout.Result(context, PageLayout.Render(DeepLinkingPickerView.Title, body), StatusCodes.Status400BadRequest));
        }

        return ((session, settings), null);
    }

    private async Task<DeepLinkingSettingsClaimValueType?> LoadSettingsAsync(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(SessionCookies.SessionCookieName, out var sessionId) || string.IsNullOrEmpty(sessionId))
        {
            return null;
        }

        var json = await _sessionStore.FindLaunchJsonAsync(sessionId, context.RequestAborted);
        return json is null ? null : LaunchDetails.Deserialize(json).DeepLinkingSettings;
    }

    private async Task<IReadOnlyList<DeepLinkOption>> ListOptionsAsync(LtiSession session, CancellationToken cancellationToken)
    {
        var options = new List<DeepLinkOption>();
        foreach (var source in _sources)
        {
            options.AddRange(await source.ListAsync(session, cancellationToken));
        }

        return options;
    }

    // accept_types is required by Deep Linking 2.0, but a platform that leaves it out has not
    // restricted the types, so resource links are offered.
    private static bool AcceptsResourceLinks(DeepLinkingSettingsClaimValueType settings) =>
        settings.AcceptTypes.Count == 0 || settings.AcceptTypes.Contains(DeepLinkingClaimNames.LtiResourceLinkType, StringComparer.Ordinal);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1720, EventName = "DeepLinkingItemsReturned", Level = LogLevel.Information,
            Message = "Deep linking response with {ItemCount} content items sent for registration {RegistrationId}, deployment {DeploymentId}")]
        public static partial void DeepLinkingItemsReturned(ILogger logger, string registrationId, string deploymentId, int itemCount);

        [LoggerMessage(EventId = 1721, EventName = "DeepLinkingCancelled", Level = LogLevel.Information,
            Message = "Deep linking cancelled by the user for registration {RegistrationId}, deployment {DeploymentId}")]
        public static partial void DeepLinkingCancelled(ILogger logger, string registrationId, string deploymentId);

        [LoggerMessage(EventId = 1110, EventName = "DeepLinkingReplyRepeated", Level = LogLevel.Warning,
            Message = "Deep linking response not sent: the session already replied (registration {RegistrationId}, deployment {DeploymentId})")]
        public static partial void DeepLinkingReplyRepeated(ILogger logger, string registrationId, string deploymentId);
    }
}
