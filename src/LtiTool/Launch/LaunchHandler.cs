using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using LtiPd.LtiTool.DeepLinking;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Oidc;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.PlatformStorage;
using LtiPd.LtiTool.Schools;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Handles <c>POST /lti/launch</c>, the OIDC redirect URI: finds the login, checks the browser
/// binding, validates the id_token, and in one transaction consumes the login's state, spends
/// the nonce, records the user, course and resource link, and starts the session.
/// </summary>
public sealed partial class LaunchHandler
{
    // The learner a submission review request names (for_user), as our user id; null when the
    // learner never launched LtiPd from this platform.
    private static readonly SqlText SelectUserId = SqlText.Portable(
        "SELECT id FROM lti_users WHERE registration_id = @RegistrationId AND subject = @Subject");

    private readonly LoginStateStore _loginStates;
    private readonly PlatformRegistry _registry;
    private readonly IdTokenValidator _validator;
    private readonly NonceStore _nonces;
    private readonly LaunchRecorder _recorder;
    private readonly SessionStore _sessions;
    private readonly SchoolDirectory _schools;
    private readonly Database _database;
    private readonly IOptionsMonitor<LtiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LaunchHandler> _logger;
    private readonly IReadOnlyList<ILaunchObserver> _observers;

    /// <summary>Creates the handler.</summary>
    public LaunchHandler(
        LoginStateStore loginStates,
        PlatformRegistry registry,
        IdTokenValidator validator,
        NonceStore nonces,
        LaunchRecorder recorder,
        SessionStore sessions,
        SchoolDirectory schools,
        Database database,
        IOptionsMonitor<LtiOptions> options,
        TimeProvider timeProvider,
        ILogger<LaunchHandler> logger,
        IEnumerable<ILaunchObserver> observers)
    {
        _loginStates = loginStates;
        _registry = registry;
        _validator = validator;
        _nonces = nonces;
        _recorder = recorder;
        _sessions = sessions;
        _schools = schools;
        _database = database;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _observers = observers.ToList();
    }

    /// <summary>Validates the launch and starts a session, or renders the reason it was rejected.</summary>
    public async Task<IResult> HandleAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var outcome = await AcceptAsync(httpContext);
        if (outcome.Relay is { } relay)
        {
            Log.LaunchRelayedThroughPlatformStorage(_logger, outcome.Registration?.Issuer, outcome.Registration?.ClientId, httpContext.TraceIdentifier);
            return relay;
        }

        if (outcome.Failure is { } failure)
        {
            Log.LaunchRejected(
                _logger, failure.Error.Code, failure.Error.Step, outcome.Registration?.Issuer, outcome.Registration?.ClientId,
                outcome.DeploymentId, outcome.KeyId, failure.Detail, httpContext.TraceIdentifier);
            return LaunchErrorResult.Create(failure, httpContext, outcome.Role);
        }

        var lifetime = TimeSpan.FromMinutes(_options.CurrentValue.SessionLifetimeMinutes);
        httpContext.Response.Cookies.Append(SessionCookies.SessionCookieName, outcome.SessionId!, SessionCookies.CrossSite(lifetime));
        Log.LaunchAccepted(_logger, outcome.Registration!.Issuer, outcome.Registration.ClientId, outcome.DeploymentId, outcome.KeyId, outcome.Role, httpContext.TraceIdentifier);
        var accepted = new AcceptedLaunch(outcome.Registration.Id, outcome.UserId!, outcome.ContextId, outcome.Role ?? PdRole.Learner, outcome.MessageType!);
        foreach (var observer in _observers)
        {
            observer.OnLaunched(accepted);
        }

        // 303 See Other: the browser follows with a GET inside the iframe, and a reload of the
        // landing page never re-posts the id_token.
        return new SeeOtherResult(LandingPath(outcome));
    }

    /// <summary>
    /// Picks the page a launch lands on. A placed module (custom <c>ltipd_module</c>, set by our
    /// deep linking response) opens that module for learners; PD leaders land on the dashboard,
    /// which links to the module and to its review queue. A submission review opens the review of
    /// that learner's evidence.
    /// </summary>
    private static string LandingPath(LaunchOutcome outcome) => outcome.MessageType switch
    {
        LtiMessageTypes.DeepLinkingRequest => "/app/deep-linking",
        LtiMessageTypes.SubmissionReviewRequest => QueryHelpers.AddQueryString("/app/review", ReviewQuery(outcome)),
        _ when outcome.ModuleId is { } moduleId && outcome.Role < PdRole.Instructor => "/app/modules/" + Uri.EscapeDataString(moduleId),
        _ when outcome.ModuleId is { } moduleId => QueryHelpers.AddQueryString("/app", "module", moduleId),
        _ => "/app",
    };

    private static Dictionary<string, string?> ReviewQuery(LaunchOutcome outcome)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (outcome.ReviewedUserId is { } learner)
        {
            query["learner"] = learner;
        }

        if (outcome.ModuleId is { } moduleId)
        {
            query["module"] = moduleId;
        }

        return query;
    }

    private async Task<LaunchOutcome> AcceptAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!request.HasFormContentType)
        {
            return LaunchOutcome.Rejected(new LaunchFailure(LaunchErrors.IdTokenMissing, "request is not a form post"));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(httpContext.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException)
        {
            return LaunchOutcome.Rejected(FormReadFailures.From(exception));
        }

        if (form["error"].ToString() is { Length: > 0 } platformError)
        {
            // The platform's words go to the log and the page: cut them short and drop control
            // characters, so a crafted description cannot forge log lines.
            var description = form["error_description"].ToString();
            return LaunchOutcome.Rejected(new LaunchFailure(
                LaunchErrors.PlatformError, $"{Printable(Truncate(platformError, 100))}: {Printable(Truncate(description, 200))}"));
        }

        var state = form["state"].ToString();
        if (string.IsNullOrEmpty(state))
        {
            return LaunchOutcome.Rejected(new LaunchFailure(LaunchErrors.StateMissing));
        }

        var idToken = form["id_token"].ToString();
        if (string.IsNullOrEmpty(idToken))
        {
            return LaunchOutcome.Rejected(new LaunchFailure(LaunchErrors.IdTokenMissing));
        }

        LaunchFailure? bindingFailure = null;
        var toolUrls = ToolUrlsFactory.For(httpContext, _options.CurrentValue);
        var consumed = await _loginStates.FindUsableAsync(
            state,
            login => (bindingFailure = ValidateBrowserBinding(httpContext, form, state, login, toolUrls)) is null,
            httpContext.RequestAborted);
        var stateFailure = consumed.Status switch
        {
            LoginConsumeStatus.Usable => null,
            LoginConsumeStatus.Unknown => new LaunchFailure(LaunchErrors.StateUnknown),
            LoginConsumeStatus.Expired => new LaunchFailure(LaunchErrors.StateExpired),
            LoginConsumeStatus.AlreadyUsed => new LaunchFailure(LaunchErrors.StateReplayed),
            LoginConsumeStatus.NotBoundToBrowser => bindingFailure,
        };
        if (stateFailure?.Error == LaunchErrors.StateCookieMissing
            && consumed.Login?.StorageTarget is { } storageTarget
            && !form.ContainsKey(PlatformStoragePages.StateField)
            && await _registry.FindByIdAsync(consumed.Login.RegistrationId, httpContext.RequestAborted) is { } storageRegistration)
        {
            // The login cookie is gone, but the platform offered storage at login, so respond with the
            // page that reads state and nonce back from the platform's frame and posts them again.
            var platformOrigin = new Uri(storageRegistration.AuthUrl).GetLeftPart(UriPartial.Authority);
            return new LaunchOutcome
            {
                Registration = storageRegistration,
                Relay = PlatformStoragePages.Relay(httpContext, storageTarget, platformOrigin, toolUrls.LaunchUrl, state, idToken),
            };
        }

        if (stateFailure is not null)
        {
            return LaunchOutcome.Rejected(stateFailure);
        }

        var login = consumed.Login!;
        httpContext.Response.Cookies.Delete(SessionCookies.LoginCookieName(state), SessionCookies.CrossSite(TimeSpan.Zero));

        // A launch rejected after this point consumes the state in a write of its own. An
        // accepted one consumes it in the transaction that starts the session, so it writes once.
        var registration = await _registry.FindByIdAsync(login.RegistrationId, httpContext.RequestAborted);
        if (registration is null)
        {
            return await RejectAndConsumeAsync(state, LaunchOutcome.Rejected(new LaunchFailure(LaunchErrors.UnknownPlatform, "registration removed after login")));
        }

        var (token, tokenFailure) = await _validator.ValidateAsync(idToken, login, registration, toolUrls, httpContext.RequestAborted);
        if (tokenFailure is not null)
        {
            return await RejectAndConsumeAsync(state, LaunchOutcome.Rejected(tokenFailure) with { Registration = registration, DeploymentId = login.DeploymentId });
        }

        return await CompleteAsync(state, registration, token!);
    }

    // The launch is rejected whether this request or a racing one consumed the state.
    private async Task<LaunchOutcome> RejectAndConsumeAsync(string state, LaunchOutcome rejected)
    {
        await _loginStates.TryConsumeAsync(state);
        return rejected;
    }

    private static LaunchFailure? ValidateBrowserBinding(HttpContext httpContext, IFormCollection form, string state, LoginState login, ToolUrls toolUrls)
    {
        if (!httpContext.Request.Cookies.TryGetValue(SessionCookies.LoginCookieName(state), out var binding) || string.IsNullOrEmpty(binding))
        {
            return form.ContainsKey(PlatformStoragePages.StateField)
                ? ValidatePlatformStorageBinding(httpContext, form, state, login, toolUrls)
                : new LaunchFailure(LaunchErrors.StateCookieMissing);
        }

        var expected = Encoding.ASCII.GetBytes(login.BrowserBindingHash);
        var actual = Encoding.ASCII.GetBytes(LoginHandler.HashBinding(binding));
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? null : new LaunchFailure(LaunchErrors.StateCookieMismatch);
    }

    /// <summary>
    /// Checks a launch bound through LTI Platform Storage instead of the login cookie: the login
    /// offered storage, the values read back match its state and nonce, and the post came from the
    /// tool's own relay page. Browsers set Origin and Sec-Fetch-Site themselves, so a cross-site
    /// page cannot forge this post in a victim's browser, and the relay page posts only values
    /// that came from the platform's origin.
    /// </summary>
    private static LaunchFailure? ValidatePlatformStorageBinding(HttpContext httpContext, IFormCollection form, string state, LoginState login, ToolUrls toolUrls)
    {
        if (login.StorageTarget is null)
        {
            return new LaunchFailure(LaunchErrors.PlatformStorageInvalid, "the login offered no platform storage");
        }

        var headers = httpContext.Request.Headers;
        if (!string.Equals(headers.Origin.ToString(), toolUrls.Origin, StringComparison.OrdinalIgnoreCase)
            || (headers.TryGetValue("Sec-Fetch-Site", out var site) && site.ToString() != "same-origin"))
        {
            return new LaunchFailure(LaunchErrors.PlatformStorageInvalid, $"the post came from origin '{headers.Origin}', not from the tool's relay page");
        }

        var sameState = FixedTimeEquals(form[PlatformStoragePages.StateField].ToString(), state);
        var sameNonce = FixedTimeEquals(form[PlatformStoragePages.NonceField].ToString(), login.Nonce);
        return sameState && sameNonce ? null : new LaunchFailure(LaunchErrors.PlatformStorageInvalid, "the stored state or nonce does not match the login");
    }

    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    private async Task<LaunchOutcome> CompleteAsync(string state, PlatformRegistration registration, ValidatedIdToken token)
    {
        var request = token.Request;
        var role = RoleMapper.Map(request.Roles);
        var outcome = new LaunchOutcome
        {
            Registration = registration,
            DeploymentId = request.DeploymentId,
            KeyId = token.KeyId,
            Role = role,
            MessageType = request.MessageType,
            ModuleId = request.Custom.TryGetValue(ModuleOptionSource.ModuleParameter, out var moduleId) && moduleId.Length > 0 ? moduleId : null,
        };

        // The launch's writes are not cancellable: an aborted request must not leave the state or
        // the nonce unspent or the session half-written.
        var deploymentStatus = await _registry.GetDeploymentStatusAsync(registration.Id, request.DeploymentId!, CancellationToken.None);
        if (deploymentStatus is null)
        {
            await _registry.RecordPendingDeploymentAsync(registration.Id, request.DeploymentId!, CancellationToken.None);
        }

        if (deploymentStatus != DeploymentStatus.Active)
        {
            return await RejectAndConsumeAsync(state, outcome with { Failure = new LaunchFailure(LaunchErrors.DeploymentPending, $"deployment_id '{request.DeploymentId}'") });
        }

        var now = _timeProvider.GetUtcNow();
        var options = _options.CurrentValue;
        var rememberNonceUntil = Later(token.ExpiresAt + TimeSpan.FromSeconds(options.ClockSkewSeconds), now + TimeSpan.FromSeconds(options.NonceRetentionSeconds));

        // Serialized before the write turn, which every writer of the process waits for.
        var launchJson = LaunchDetails.Serialize(request);
        (LaunchOutcome Outcome, string? SchoolId) written;
        await using (var connection = await _database.OpenAsync(CancellationToken.None))
        {
            using var turn = await _database.EnterWriteTurnAsync(connection, CancellationToken.None);
            written = await WriteLaunchAsync(connection, state, registration, token, outcome, role, now, rememberNonceUntil, launchJson);
        }

        if (written.SchoolId is not null)
        {
            await _schools.SyncParticipantAsync(registration, request.Subject!, written.SchoolId, CancellationToken.None);
        }

        return written.Outcome;
    }

    // Consumes the login state, spends the nonce, records the user, course, resource link and
    // school, and starts the session, in one transaction. Returns the outcome with the session
    // (or the replay failure) and the user's school.
    private async Task<(LaunchOutcome Outcome, string? SchoolId)> WriteLaunchAsync(
        DbConnection connection,
        string state,
        PlatformRegistration registration,
        ValidatedIdToken token,
        LaunchOutcome outcome,
        PdRole role,
        DateTimeOffset now,
        DateTimeOffset rememberNonceUntil,
        string launchJson)
    {
        var request = token.Request;
        var options = _options.CurrentValue;
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);

        // A launch that raced this one with the same state consumed it first.
        if (!await _loginStates.TryConsumeAsync(connection, transaction, state))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return (outcome with { Failure = new LaunchFailure(LaunchErrors.StateReplayed) }, null);
        }

        if (!await _nonces.TryUseAsync(connection, transaction, registration.Id, request.Nonce!, rememberNonceUntil))
        {
            // Only the consumed state is kept.
            await transaction.CommitAsync(CancellationToken.None);
            return (outcome with { Failure = new LaunchFailure(LaunchErrors.NonceReplayed) }, null);
        }

        var recorded = await _recorder.RecordAsync(connection, transaction, registration.Id, request, now);
        var schoolId = await _schools.RecordLaunchAsync(connection, transaction, registration, request, recorded.UserId, recorded.ContextId, role, now);
        var sessionId = await _sessions.CreateAsync(connection, transaction, new NewSession
        {
            RegistrationId = registration.Id,
            DeploymentId = request.DeploymentId!,
            UserId = recorded.UserId,
            ContextId = recorded.ContextId,
            ResourceLinkId = recorded.ResourceLinkId,
            Role = role,
            Roles = request.Roles,
            MessageType = request.MessageType!,
            LaunchJson = launchJson,
            Lifetime = TimeSpan.FromMinutes(options.SessionLifetimeMinutes),
        });
        var reviewedUserId = request.ForUserSubject is { } forUser
            ? await connection.ExecuteScalarAsync<string?>(_database.Command(
                SelectUserId, new { RegistrationId = registration.Id, Subject = forUser }, CancellationToken.None, transaction))
            : null;
        await transaction.CommitAsync(CancellationToken.None);
        return (outcome with { SessionId = sessionId, UserId = recorded.UserId, ContextId = recorded.ContextId, ReviewedUserId = reviewedUserId }, schoolId);
    }

    private static DateTimeOffset Later(DateTimeOffset first, DateTimeOffset second) => first > second ? first : second;

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private static string Printable(string value) =>
        string.Concat(value.Select(character => char.IsControl(character) ? ' ' : character));

    private sealed record LaunchOutcome
    {
        public LaunchFailure? Failure { get; init; }

        public PlatformRegistration? Registration { get; init; }

        public string? DeploymentId { get; init; }

        public string? KeyId { get; init; }

        public PdRole? Role { get; init; }

        public string? MessageType { get; init; }

        public string? SessionId { get; init; }

        public string? UserId { get; init; }

        public string? ContextId { get; init; }

        public string? ModuleId { get; init; }

        public string? ReviewedUserId { get; init; }

        public IResult? Relay { get; init; }

        public static LaunchOutcome Rejected(LaunchFailure failure) => new() { Failure = failure };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1012, EventName = "LaunchRelayedThroughPlatformStorage", Level = LogLevel.Debug,
            Message = "LTI launch without its login cookie for issuer {Issuer}, client {ClientId}: reading state and nonce from platform storage (correlation {CorrelationId})")]
        public static partial void LaunchRelayedThroughPlatformStorage(ILogger logger, string? issuer, string? clientId, string correlationId);

        [LoggerMessage(EventId = 1010, EventName = "LaunchAccepted", Level = LogLevel.Information,
            Message = "LTI launch accepted for issuer {Issuer}, client {ClientId}, deployment {DeploymentId}, kid {KeyId}, role {Role} (correlation {CorrelationId})")]
        public static partial void LaunchAccepted(ILogger logger, string issuer, string clientId, string? deploymentId, string? keyId, PdRole? role, string correlationId);

        [LoggerMessage(EventId = 1011, EventName = "LaunchRejected", Level = LogLevel.Information,
            Message = "LTI launch rejected: {ReasonCode} at step '{Step}' (issuer {Issuer}, client {ClientId}, deployment {DeploymentId}, kid {KeyId}): {Detail} (correlation {CorrelationId})")]
        public static partial void LaunchRejected(
            ILogger logger, string reasonCode, string step, string? issuer, string? clientId, string? deploymentId, string? keyId, string? detail, string correlationId);
    }
}
