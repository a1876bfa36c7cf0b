using System.Security.Cryptography;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Platforms;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Registration;

/// <summary>
/// LTI Dynamic Registration 1.0 at <c>/lti/register</c>. The LMS opens the URL with
/// <c>openid_configuration</c> and <c>registration_token</c>; the GET reads the platform's
/// configuration and requests the admin's confirmation, and the POST registers the tool, stores the
/// registration with its deployment pending, and closes with the spec's postMessage.
/// </summary>
public sealed partial class DynamicRegistrationHandler
{
    private const string PayloadField = "registration";
    private static readonly TimeSpan PayloadLifetime = TimeSpan.FromMinutes(30);

    private readonly PlatformRegistrationClient _client;
    private readonly PlatformRegistry _registry;
    private readonly ITimeLimitedDataProtector _payloads;
    private readonly IOptionsMonitor<RegistrationOptions> _options;
    private readonly IOptionsMonitor<LtiOptions> _ltiOptions;
    private readonly ILogger<DynamicRegistrationHandler> _logger;

    /// <summary>Creates the handler.</summary>
    public DynamicRegistrationHandler(
        PlatformRegistrationClient client,
        PlatformRegistry registry,
        IDataProtectionProvider dataProtection,
        IOptionsMonitor<RegistrationOptions> options,
        IOptionsMonitor<LtiOptions> ltiOptions,
        ILogger<DynamicRegistrationHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        _client = client;
        _registry = registry;
        _payloads = dataProtection.CreateProtector("LtiPd.Registration.Payload.v1").ToTimeLimitedDataProtector();
        _options = options;
        _ltiOptions = ltiOptions;
        _logger = logger;
    }

    /// <summary>Handles <c>GET /lti/register</c>: reads the platform's configuration and shows what will be registered.</summary>
    public async Task<IResult> StartAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configurationUrl = context.Request.Query["openid_configuration"].ToString();
        var token = context.Request.Query["registration_token"].ToString();
        if (configurationUrl.Length == 0)
        {
            return Problem(context, StatusCodes.Status400BadRequest,
                "The openid_configuration parameter is missing. Start the registration from your LMS: paste this URL into its \"LTI Advantage\" or \"Dynamic Registration\" tool page.");
        }

        var (platform, error) = await _client.GetConfigurationAsync(configurationUrl, NullIfEmpty(token), context.RequestAborted);
        if (platform is null)
        {
            LogFailure(configurationUrl, error!);
            return Problem(context, StatusCodes.Status502BadGateway, error!);
        }

        var payload = _payloads.Protect($"{configurationUrl}\n{token}", PayloadLifetime);
        var body = $"""
            <p>Your LMS asks to register LtiPd. Check the details, then select Register.</p>
            <dl>
            <dt>Platform</dt><dd data-testid="issuer">{PageLayout.Encode(platform.Issuer)}</dd>
            <dt>Product</dt><dd data-testid="product">{PageLayout.Encode(platform.ProductFamilyCode ?? "(not stated)")}</dd>
            </dl>
            <p>LtiPd asks for names and email addresses, course rosters and the gradebook. After registering, a district administrator activates the new deployment in LtiPd before anyone can launch it.</p>
            <form method="post" action="/lti/register">
            <input type="hidden" name="{PayloadField}" value="{PageLayout.Encode(payload)}">
            <button type="submit" data-testid="register">Register LtiPd</button>
            </form>
            """;
        return PageLayout.Result(context, PageLayout.Render("Register LtiPd", body));
    }

    /// <summary>Handles <c>POST /lti/register</c>: posts the tool configuration and stores the pending registration.</summary>
    public async Task<IResult> CompleteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        if (Unprotect(form?[PayloadField].ToString()) is not [var configurationUrl, var token])
        {
            return Problem(context, StatusCodes.Status400BadRequest,
                "This registration form has expired or was changed. Start the registration again from your LMS.");
        }

        // The configuration is read again: it may have changed, and nothing from the form is trusted.
        var (platform, error) = await _client.GetConfigurationAsync(configurationUrl, NullIfEmpty(token), context.RequestAborted);
        if (platform is null)
        {
            LogFailure(configurationUrl, error!);
            return Problem(context, StatusCodes.Status502BadGateway, error!);
        }

        var toolUrls = ToolUrlsFactory.For(context, _ltiOptions.CurrentValue);
        var request = ToolConfigurationBuilder.Build(platform, toolUrls, _options.CurrentValue.ToolName);
        var (registered, registerError) = await _client.RegisterAsync(platform, NullIfEmpty(token), request, context.RequestAborted);
        if (registered is null)
        {
            LogFailure(configurationUrl, registerError!);
            return Problem(context, StatusCodes.Status502BadGateway, registerError!);
        }

        // A dynamic registration never changes an existing one: that would let anyone who can
        // serve a configuration on the issuer's host move a district's endpoints.
        if (await _registry.FindAsync(platform.Issuer, registered.ClientId, context.RequestAborted) is not null)
        {
            return Problem(context, StatusCodes.Status409Conflict,
                $"LtiPd already has a registration for issuer {platform.Issuer} and client {registered.ClientId}. Remove it with 'platform remove' first if you mean to replace it.");
        }

        // Finish the writes even if the admin closes the page: the LMS has already created the client.
        var saved = await _registry.SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = platform.Issuer,
            ClientId = registered.ClientId,
            AuthUrl = platform.AuthorizationEndpoint,
            TokenUrl = platform.TokenEndpoint,
            JwksUrl = platform.JwksUri,
            TokenAudience = platform.AuthorizationServer,
            DistrictName = platform.AccountName,
            Source = "dynamic",
        }, CancellationToken.None);
        if (registered.DeploymentId is { } deploymentId)
        {
            await _registry.RecordPendingDeploymentAsync(saved.Id, deploymentId, CancellationToken.None);
        }

        Log.RegistrationStored(_logger, platform.Issuer, registered.ClientId, registered.DeploymentId, saved.Id);
        return Closed(context, saved.Id, registered.DeploymentId);
    }

    /// <summary>
    /// The last page: shows the admin how to activate the deployment, then requests that the LMS close
    /// the registration window with the Dynamic Registration 1.0 postMessage.
    /// </summary>
    private static IResult Closed(HttpContext context, string registrationId, string? deploymentId)
    {
        var activation = deploymentId is null
            ? "The LMS did not report a deployment id. The first launch records it as pending; a district administrator then approves it."
            : $"A district administrator activates it with: <code data-testid=\"activate\">platform approve-deployment {ScriptPage.Encode(registrationId)} {ScriptPage.Encode(deploymentId)}</code>";
        var body = $"""
            <h1>LtiPd is registered</h1>
            <p data-testid="registered">The registration is stored and waits for activation. {activation}</p>
            <p>You can close this window.</p>
            """;
        const string Script = "(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');";
        return ScriptPage.Result(context, "LtiPd registered", body, Script, []);
    }

    private string[]? Unprotect(string? payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return null;
        }

        try
        {
            return _payloads.Unprotect(payload, out _).Split('\n', 2);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static IResult Problem(HttpContext context, int status, string message) => PageLayout.Result(
        context,
        PageLayout.Render("Registration failed", $"<p class=\"notice error\" role=\"alert\" data-testid=\"error\">{PageLayout.Encode(message)}</p>"),
        status);

    private void LogFailure(string configurationUrl, string reason)
    {
        var safeUrl = WithoutQuery(configurationUrl);
        Log.RegistrationFailed(_logger, safeUrl, reason);
    }

    // The query of a configuration URL may carry the registration token, which is never logged.
    private static string WithoutQuery(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "(invalid URL)";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1730, EventName = "DynamicRegistrationStored", Level = LogLevel.Information,
            Message = "Dynamic registration stored for issuer {Issuer}, client {ClientId}, pending deployment {DeploymentId} (registration {RegistrationId})")]
        public static partial void RegistrationStored(ILogger logger, string issuer, string clientId, string? deploymentId, string registrationId);

        [LoggerMessage(EventId = 1731, EventName = "DynamicRegistrationFailed", Level = LogLevel.Information,
            Message = "Dynamic registration from {ConfigurationUrl} failed: {Reason}")]
        public static partial void RegistrationFailed(ILogger logger, string configurationUrl, string reason);
    }
}
