using System.Security.Cryptography;
using System.Text;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.PlatformStorage;
using LtiPd.LtiTool.Sessions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Oidc;

/// <summary>
/// Handles third-party initiated login (LTI 1.3 Security Framework section 5.1.1 and OIDC Core
/// section 4): picks the registration, checks the request, stores a login record and redirects
/// the browser to the platform's authorization endpoint.
/// </summary>
public sealed partial class LoginHandler
{
    private readonly PlatformRegistry _registry;
    private readonly LoginStateStore _loginStates;
    private readonly IOptionsMonitor<LtiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly IHostEnvironment _environment;
    private readonly ILogger<LoginHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public LoginHandler(
        PlatformRegistry registry,
        LoginStateStore loginStates,
        IOptionsMonitor<LtiOptions> options,
        TimeProvider timeProvider,
        IHostEnvironment environment,
        ILogger<LoginHandler> logger)
    {
        _environment = environment;
        _registry = registry;
        _loginStates = loginStates;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Handles <c>GET</c> and <c>POST /lti/login</c>.</summary>
    public async Task<IResult> HandleAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var cancellationToken = httpContext.RequestAborted;
        LoginRequest parameters;
        try
        {
            parameters = await LoginRequest.ReadAsync(httpContext.Request, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
        {
            var unreadable = FormReadFailures.From(exception);
            Log.LoginRejected(_logger, unreadable.Error.Code, unreadable.Error.Step, null, null, null, unreadable.Detail);
            return LaunchErrorResult.Create(unreadable, httpContext, role: null);
        }

        var toolUrls = ToolUrlsFactory.For(httpContext, _options.CurrentValue);

        var (registration, failure) = await ValidateAsync(parameters, toolUrls, cancellationToken);
        if (failure is not null)
        {
            Log.LoginRejected(_logger, failure.Error.Code, failure.Error.Step, parameters.Issuer, parameters.ClientId, parameters.DeploymentId, failure.Detail);
            return LaunchErrorResult.Create(failure, httpContext, role: null);
        }

        var state = Tokens.NewRandom();
        var browserBinding = Tokens.NewRandom();
        var lifetime = TimeSpan.FromSeconds(_options.CurrentValue.LoginLifetimeSeconds);
        var login = new LoginState(
            state,
            Tokens.NewRandom(),
            registration!.Id,
            parameters.DeploymentId,
            parameters.TargetLinkUri!,
            HashBinding(browserBinding),
            _timeProvider.GetUtcNow() + lifetime,
            parameters.StorageTarget);
        await _loginStates.SaveAsync(login, cancellationToken);

        httpContext.Response.Cookies.Append(SessionCookies.LoginCookieName(state), browserBinding, SessionCookies.CrossSite(lifetime));
        Log.LoginAccepted(_logger, registration.Issuer, registration.ClientId, parameters.DeploymentId);
        var authorizationUrl = BuildAuthorizationUrl(registration, parameters, login, toolUrls);
        if (parameters.StorageTarget is { } storageTarget)
        {
            // LTI Platform Storage: the page keeps state and nonce in the platform's frame too, for
            // browsers that drop even the partitioned login cookie set above.
            var platformOrigin = new Uri(registration.AuthUrl).GetLeftPart(UriPartial.Authority);
            return PlatformStoragePages.Login(
                httpContext, storageTarget, platformOrigin, authorizationUrl, login.State, login.Nonce, NewWindowLoginUrl(parameters, toolUrls));
        }

        return Results.Redirect(authorizationUrl);
    }

    /// <summary>The same login without a storage target, for a top-level window where first-party cookies work.</summary>
    private static string NewWindowLoginUrl(LoginRequest parameters, ToolUrls toolUrls) =>
        QueryHelpers.AddQueryString(toolUrls.LoginUrl, new Dictionary<string, string?>
        {
            ["iss"] = parameters.Issuer,
            ["login_hint"] = parameters.LoginHint,
            ["target_link_uri"] = parameters.TargetLinkUri,
            ["lti_message_hint"] = parameters.LtiMessageHint,
            ["client_id"] = parameters.ClientId,
            ["lti_deployment_id"] = parameters.DeploymentId,
        }.Where(pair => pair.Value is not null));

    /// <summary>Returns the SHA-256 of a browser binding value, as stored with the login.</summary>
    public static string HashBinding(string browserBinding) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(browserBinding)));

    private async Task<(PlatformRegistration? Registration, LaunchFailure? Failure)> ValidateAsync(
        LoginRequest parameters,
        ToolUrls toolUrls,
        CancellationToken cancellationToken)
    {
        var missing = new[] { ("iss", parameters.Issuer), ("login_hint", parameters.LoginHint), ("target_link_uri", parameters.TargetLinkUri) }
            .Where(pair => string.IsNullOrWhiteSpace(pair.Item2))
            .Select(pair => pair.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            return (null, new LaunchFailure(LaunchErrors.LoginParameterMissing, string.Join(", ", missing)));
        }

        if (LoginRequestLimits.Check(parameters) is { } invalid)
        {
            return (null, new LaunchFailure(LaunchErrors.LoginParameterInvalid, invalid));
        }

        var (registration, failure) = await FindRegistrationAsync(parameters, cancellationToken);
        if (failure is not null)
        {
            return (null, failure);
        }

        if (!toolUrls.IsOwnUrl(parameters.TargetLinkUri))
        {
            return (null, new LaunchFailure(LaunchErrors.TargetLinkUriNotAllowed, $"target_link_uri '{parameters.TargetLinkUri}'"));
        }

        if (parameters.DeploymentId is { } deploymentId)
        {
            var status = await _registry.GetDeploymentStatusAsync(registration!.Id, deploymentId, cancellationToken);
            if (status is null && !await _registry.RecordPendingDeploymentAsync(registration.Id, deploymentId, cancellationToken))
            {
                Log.PendingDeploymentsFull(_logger, registration.Issuer, registration.ClientId, PlatformRegistry.MaxPendingDeployments);
            }

            if (status != DeploymentStatus.Active)
            {
                return (null, new LaunchFailure(LaunchErrors.DeploymentPending, $"deployment_id '{deploymentId}'"));
            }
        }

        return (registration, null);
    }

    private async Task<(PlatformRegistration?, LaunchFailure?)> FindRegistrationAsync(LoginRequest parameters, CancellationToken cancellationToken)
    {
        if (parameters.ClientId is { } clientId)
        {
            var registration = await _registry.FindAsync(parameters.Issuer!, clientId, cancellationToken);
            return registration is null || !IsAdmitted(registration)
                ? (null, new LaunchFailure(LaunchErrors.UnknownPlatform, $"iss '{parameters.Issuer}', client_id '{clientId}'"))
                : (registration, null);
        }

        // client_id is optional in login initiation; without it the issuer must be unambiguous.
        var candidates = (await _registry.FindByIssuerAsync(parameters.Issuer!, cancellationToken)).Where(IsAdmitted).ToList();
        return candidates.Count switch
        {
            0 => (null, new LaunchFailure(LaunchErrors.UnknownPlatform, $"iss '{parameters.Issuer}'")),
            1 => (candidates[0], null),
            _ => (null, new LaunchFailure(LaunchErrors.AmbiguousPlatform, $"iss '{parameters.Issuer}' has {candidates.Count} registrations")),
        };
    }

    // The developer LMS registers itself in the database it runs on. If that database is later
    // served in Production, its registration stays but must not admit logins.
    private bool IsAdmitted(PlatformRegistration registration) =>
        registration.Source != "dev" || _environment.IsDevelopment();

    private static string BuildAuthorizationUrl(PlatformRegistration registration, LoginRequest parameters, LoginState login, ToolUrls toolUrls)
    {
        var query = new Dictionary<string, string?>
        {
            ["scope"] = "openid",
            ["response_type"] = "id_token",
            ["response_mode"] = "form_post",
            ["prompt"] = "none",
            ["client_id"] = registration.ClientId,
            ["redirect_uri"] = toolUrls.LaunchUrl,
            ["login_hint"] = parameters.LoginHint,
            ["state"] = login.State,
            ["nonce"] = login.Nonce,
        };
        if (parameters.LtiMessageHint is not null)
        {
            // Opaque to the tool: passed back exactly as received.
            query["lti_message_hint"] = parameters.LtiMessageHint;
        }

        return QueryHelpers.AddQueryString(registration.AuthUrl, query);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, EventName = "LoginAccepted", Level = LogLevel.Debug,
            Message = "LTI login accepted for issuer {Issuer}, client {ClientId}, deployment {DeploymentId}")]
        public static partial void LoginAccepted(ILogger logger, string issuer, string clientId, string? deploymentId);

        [LoggerMessage(EventId = 1003, EventName = "PendingDeploymentsFull", Level = LogLevel.Warning,
            Message = "Registration {Issuer} (client {ClientId}) already has {MaxPending} pending deployments; a new one was not recorded. Approve or remove pending deployments with 'platform list'.")]
        public static partial void PendingDeploymentsFull(ILogger logger, string issuer, string clientId, int maxPending);

        [LoggerMessage(EventId = 1002, EventName = "LoginRejected", Level = LogLevel.Information,
            Message = "LTI login rejected: {ReasonCode} at step '{Step}' (issuer {Issuer}, client {ClientId}, deployment {DeploymentId}): {Detail}")]
        public static partial void LoginRejected(ILogger logger, string reasonCode, string step, string? issuer, string? clientId, string? deploymentId, string? detail);
    }
}
