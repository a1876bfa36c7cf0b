using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's OIDC authorization endpoint, <c>/devlms/auth</c>. It checks the tool's
/// authentication request as LTI 1.3 Security Framework section 5.1.1.2 and OIDC Core section
/// 3.1.2 require. It then returns an auto-submitting form that posts the id_token and state to
/// the registered redirect URI (OAuth 2.0 Form Post Response Mode).
/// </summary>
public sealed partial class DevAuthorizationHandler
{
    private static readonly string[] RequiredParameters = ["nonce", "state", "login_hint", "lti_message_hint"];

    private readonly DevPlatformSite _site;
    private readonly DevLaunchHints _hints;
    private readonly DevIdTokenFactory _tokens;
    private readonly IOptionsMonitor<DevPlatformOptions> _options;
    private readonly ILogger<DevAuthorizationHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public DevAuthorizationHandler(
        DevPlatformSite site,
        DevLaunchHints hints,
        DevIdTokenFactory tokens,
        IOptionsMonitor<DevPlatformOptions> options,
        ILogger<DevAuthorizationHandler> logger)
    {
        _site = site;
        _hints = hints;
        _tokens = tokens;
        _options = options;
        _logger = logger;
    }

    /// <summary>Handles <c>GET</c> and <c>POST /devlms/auth</c>.</summary>
    public async Task<IResult> HandleAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var request = await ReadAsync(httpContext.Request, httpContext.RequestAborted);

        // RFC 6749 section 4.1.2.1: with an unknown client or an unregistered redirect URI the error
        // must not be sent to that URI, or the endpoint would become an open redirector.
        if (request("client_id") != _options.CurrentValue.ClientId)
        {
            return Reject(httpContext, "unauthorized_client", $"client_id '{request("client_id")}' is not registered. Use '{_options.CurrentValue.ClientId}'.");
        }

        var redirectUri = request("redirect_uri");
        if (redirectUri is null || !_site.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
        {
            return Reject(httpContext, "invalid_request", $"redirect_uri '{redirectUri}' is not registered. Registered: {string.Join(", ", _site.RedirectUris)}.");
        }

        var state = request("state");
        var hint = await _hints.ReadMessageHintAsync(request("lti_message_hint"), httpContext.RequestAborted);
        var (error, description) = ValidateRequest(request, hint);
        if (error is not null)
        {
            Log.AuthorizationRejected(_logger, error, description!);
            return DevHtml.AutoPost(redirectUri, new Dictionary<string, string?>
            {
                ["error"] = error,
                ["error_description"] = description,
                ["state"] = state,
            });
        }

        var (person, link) = hint!.Value;
        var toolOrigin = new Uri(redirectUri).GetLeftPart(UriPartial.Authority);
        var idToken = await _tokens.CreateAsync(person, link, request("nonce")!, toolOrigin, httpContext.RequestAborted);
        Log.IdTokenIssued(_logger, person.Id, link.Id, toolOrigin);
        return DevHtml.AutoPost(redirectUri, new Dictionary<string, string?>
        {
            ["id_token"] = idToken,
            ["state"] = state,
        });
    }

    private static (string? Error, string? Description) ValidateRequest(Func<string, string?> request, (DevPerson Person, DevResourceLink Link)? hint)
    {
        if (request("response_type") != "id_token")
        {
            return ("unsupported_response_type", $"response_type '{request("response_type")}' is not supported. LTI 1.3 uses 'id_token'.");
        }

        if (request("response_mode") != "form_post")
        {
            return ("invalid_request", $"response_mode '{request("response_mode")}' is not supported. LTI 1.3 uses 'form_post'.");
        }

        var scopes = (request("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            return ("invalid_scope", $"scope '{request("scope")}' lacks 'openid'.");
        }

        if (request("prompt") != "none")
        {
            return ("invalid_request", $"prompt '{request("prompt")}' is not supported. LTI 1.3 tools send 'none'.");
        }

        var missing = RequiredParameters.Where(name => string.IsNullOrEmpty(request(name))).ToList();
        if (missing.Count > 0)
        {
            return ("invalid_request", $"Missing parameters: {string.Join(", ", missing)}.");
        }

        if (hint is null)
        {
            return ("invalid_request", "lti_message_hint is expired or was altered. Start the launch again from the dev LMS page.");
        }

        // A real platform checks login_hint against its signed-in user. Here the message hint names the person.
        return request("login_hint") == hint.Value.Person.Id
            ? (null, null)
            : ("login_required", $"login_hint '{request("login_hint")}' does not match the person the launch was started for.");
    }

    private IResult Reject(HttpContext httpContext, string error, string description)
    {
        Log.AuthorizationRejected(_logger, error, description);
        httpContext.Response.Headers.CacheControl = "no-store";
        return DevHtml.Page("Launch rejected by the dev LMS", $"<p><code>{DevHtml.Encode(error)}</code>: {DevHtml.Encode(description)}</p>", StatusCodes.Status400BadRequest);
    }

    private static async Task<Func<string, string?>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // OIDC Core 3.1.2.1: the authorization endpoint accepts GET and form POST.
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return name => form[name].ToString() is { Length: > 0 } value ? value : null;
        }

        return name => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1802, EventName = "DevAuthorizationRejected", Level = LogLevel.Information,
            Message = "Dev LMS rejected an authorization request: {Error}: {Description}")]
        public static partial void AuthorizationRejected(ILogger logger, string error, string description);

        [LoggerMessage(EventId = 1803, EventName = "DevIdTokenIssued", Level = LogLevel.Debug,
            Message = "Dev LMS issued an id_token for {PersonId} launching {ResourceLinkId} on {ToolOrigin}")]
        public static partial void IdTokenIssued(ILogger logger, string personId, string resourceLinkId, string toolOrigin);
    }
}
