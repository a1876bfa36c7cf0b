using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// The dev platform's OAuth 2.0 token endpoint, <c>/devlms/token</c>: the client credentials grant
/// with a JWT client assertion (RFC 7523 section 2.2, LTI 1.3 Security Framework section 4.1),
/// verified against the tool's published JWKS. Errors follow RFC 6749 section 5.2.
/// </summary>
public sealed partial class DevTokenHandler
{
    private const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    // Assertion ids seen recently, so a captured assertion cannot be replayed (RFC 7523 section 3,
    // item 7). In memory: the dev platform runs on one node.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedAssertionIds = new(StringComparer.Ordinal);
    private readonly DevToolKeys _toolKeys;
    private readonly DevAccessTokens _accessTokens;
    private readonly DevPlatformSite _site;
    private readonly IOptionsMonitor<DevPlatformOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DevTokenHandler> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Creates the handler.</summary>
    public DevTokenHandler(
        DevToolKeys toolKeys,
        DevAccessTokens accessTokens,
        DevPlatformSite site,
        IOptionsMonitor<DevPlatformOptions> options,
        TimeProvider timeProvider,
        ILogger<DevTokenHandler> logger)
    {
        _toolKeys = toolKeys;
        _accessTokens = accessTokens;
        _site = site;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Handles <c>POST /devlms/token</c>.</summary>
    public async Task<IResult> HandleAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.CacheControl = "no-store";
        if (!httpContext.Request.HasFormContentType)
        {
            return Error("invalid_request", "Send the token request as application/x-www-form-urlencoded.");
        }

        var form = await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return Error("unsupported_grant_type", $"grant_type '{form["grant_type"]}' is not supported. Use client_credentials.");
        }

        if (form["client_assertion_type"] != JwtBearerAssertionType)
        {
            return Error("invalid_client", $"client_assertion_type '{form["client_assertion_type"]}' is not supported. Use {JwtBearerAssertionType}.");
        }

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var unknown = requested.Where(scope => !DevScopes.All.Contains(scope)).ToList();
        if (requested.Length == 0 || unknown.Count > 0)
        {
            return Error("invalid_scope", requested.Length == 0
                ? "scope is missing. Ask for one or more AGS or NRPS scopes."
                : $"Unknown scopes: {string.Join(' ', unknown)}.");
        }

        var failure = await ValidateAssertionAsync(form["client_assertion"].ToString(), httpContext.RequestAborted);
        if (failure is not null)
        {
            return Error("invalid_client", failure);
        }

        var options = _options.CurrentValue;
        var lifetime = TimeSpan.FromSeconds(options.AccessTokenLifetimeSeconds);
        var scope = string.Join(' ', requested.Distinct(StringComparer.Ordinal));
        Log.TokenIssued(_logger, options.ClientId, scope);
        return Results.Json(new
        {
            access_token = _accessTokens.Issue(options.ClientId, requested, lifetime),
            token_type = "Bearer",
            expires_in = (int)lifetime.TotalSeconds,
            scope,
        });
    }

    private async Task<string?> ValidateAssertionAsync(string assertion, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(assertion))
        {
            return "client_assertion is missing.";
        }

        // Canvas rejects an assertion without a kid when the tool's key is registered as a JWKS
        // URL, so the dev platform does too: a tool that passes here passes there.
        if (HasNoKeyId(assertion))
        {
            return "client_assertion has no kid in its header. Sign it with a key from the tool's JWKS and name that key's kid.";
        }

        if (await _toolKeys.GetAsync(cancellationToken) is not { } toolKeys)
        {
            return $"The tool's JWKS at {_site.ToolJwksUrl} could not be fetched, so the client assertion cannot be verified. Check that the tool serves it.";
        }

        var clientId = _options.CurrentValue.ClientId;
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = toolKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = clientId,

            // Platforms differ on the audience they accept: Canvas takes its token URL, Moodle its
            // issuer. The dev platform takes both so the tool's TokenAudience setting can be tried.
            ValidAudiences = [_site.TokenUrl, _site.Issuer],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(60),
            LifetimeValidator = (notBefore, expires, _, _) => ValidateLifetime(notBefore, expires),
        };
        var result = await _handler.ValidateTokenAsync(assertion, parameters);
        if (!result.IsValid)
        {
            return $"client_assertion is invalid: {result.Exception?.Message}";
        }

        var claims = result.ClaimsIdentity;
        if (claims.FindFirst("sub")?.Value != clientId)
        {
            return $"client_assertion sub must be the client id '{clientId}'.";
        }

        if (claims.FindFirst("jti")?.Value is not { Length: > 0 } assertionId)
        {
            return "client_assertion has no jti.";
        }

        var expires = result.SecurityToken.ValidTo;
        ForgetExpiredAssertionIds();
        return _usedAssertionIds.TryAdd(assertionId, new DateTimeOffset(expires, TimeSpan.Zero))
            ? null
            : $"client_assertion jti '{assertionId}' was already used. Sign a new assertion for each token request.";
    }

    private static bool HasNoKeyId(string assertion)
    {
        try
        {
            return string.IsNullOrEmpty(new JsonWebToken(assertion).Kid);
        }
        catch (ArgumentException)
        {
            // Not a JWT at all: the signature check below rejects it with its own message.
            return false;
        }
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var skew = TimeSpan.FromSeconds(60);
        return expires is { } exp && now <= exp + skew && (notBefore is not { } nbf || nbf <= now + skew);
    }

    private void ForgetExpiredAssertionIds()
    {
        var cutoff = _timeProvider.GetUtcNow() - TimeSpan.FromMinutes(5);
        foreach (var (id, expires) in _usedAssertionIds)
        {
            if (expires < cutoff)
            {
                _usedAssertionIds.TryRemove(id, out _);
            }
        }
    }

    private IResult Error(string error, string description)
    {
        Log.TokenRejected(_logger, error, description);
        return Results.Json(new { error, error_description = description }, statusCode: error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1804, EventName = "DevTokenRejected", Level = LogLevel.Information,
            Message = "Dev LMS rejected a token request: {Error}: {Description}")]
        public static partial void TokenRejected(ILogger logger, string error, string description);

        [LoggerMessage(EventId = 1805, EventName = "DevTokenIssued", Level = LogLevel.Debug,
            Message = "Dev LMS issued an access token to {ClientId} for {Scope}")]
        public static partial void TokenIssued(ILogger logger, string clientId, string scope);
    }
}
