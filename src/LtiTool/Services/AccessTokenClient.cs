using System.Collections.Concurrent;
using System.Text.Json;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Services;

/// <summary>
/// Gets OAuth 2.0 access tokens for LTI Advantage services with the client credentials grant and
/// a signed client assertion, and caches each per (registration, scope set) until shortly before
/// <c>expires_in</c> runs out.
/// </summary>
/// <remarks>
/// The cache is in memory, per node, on purpose. Each node then requests its own token about once
/// an hour per registration and scope set, which platforms allow, and bearer tokens are never
/// written to the database, where a backup or a read-only account could leak them.
/// </remarks>
public sealed partial class AccessTokenClient
{
    private const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ClientAssertionFactory _assertions;
    private readonly IOptionsMonitor<LtiServicesOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AccessTokenClient> _logger;

    /// <summary>Creates the client.</summary>
    public AccessTokenClient(
        IHttpClientFactory httpClientFactory,
        ClientAssertionFactory assertions,
        IOptionsMonitor<LtiServicesOptions> options,
        TimeProvider timeProvider,
        ILogger<AccessTokenClient> logger)
    {
        _httpClientFactory = httpClientFactory;
        _assertions = assertions;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Returns a token granting <paramref name="scopes"/>, from the cache or a new token request.
    /// On failure returns the token endpoint's response with <see cref="ServiceResponse.TokenFailed"/> set.
    /// </summary>
    public async Task<(string? Token, ServiceResponse? Failure)> GetAsync(
        PlatformRegistration registration, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(scopes);
        var key = CacheKey(registration, scopes);
        if (_tokens.TryGetValue(key, out var cached) && cached.UseUntil > _timeProvider.GetUtcNow())
        {
            return (cached.Token, null);
        }

        var scope = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = JwtBearerAssertionType,
            ["client_assertion"] = await _assertions.CreateAsync(registration, cancellationToken),
            ["scope"] = scope,
        };

        var client = _httpClientFactory.CreateClient(LtiServiceClient.HttpClientName);
        ServiceResponse response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, registration.TokenUrl) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Accept.ParseAdd("application/json");
            using var httpResponse = await client.SendAsync(request, cancellationToken);
            response = await LtiServiceClient.ReadAsync(httpResponse, cancellationToken);
        }
        catch (Exception exception) when (LtiServiceClient.IsTransportFailure(exception, cancellationToken))
        {
            response = new ServiceResponse { Error = $"token request to {registration.TokenUrl} failed: {exception.Message}" };
        }

        if (response.IsSuccess && ReadToken(response.Body) is var (token, expiresIn) && token is not null)
        {
            var margin = TimeSpan.FromSeconds(_options.CurrentValue.TokenRefreshMarginSeconds);
            var lifetime = TimeSpan.FromSeconds(expiresIn ?? 3600);
            _tokens[key] = new CachedToken(token, _timeProvider.GetUtcNow() + (lifetime > margin * 2 ? lifetime - margin : lifetime / 2));
            Log.TokenIssued(_logger, registration.Id, scope, (int)lifetime.TotalSeconds);
            return (token, null);
        }

        var error = response.Error ?? (response.IsSuccess
            ? $"token endpoint {registration.TokenUrl} returned no access_token"
            : $"token endpoint {registration.TokenUrl} returned {(int?)response.StatusCode}: {PlatformErrorText.From(response.Body)}");
        Log.TokenFailed(_logger, registration.Id, scope, (int?)response.StatusCode, error);
        return (null, response with { Error = error, TokenFailed = true });
    }

    /// <summary>Forgets the cached token for <paramref name="scopes"/>, after a service rejected it with 401.</summary>
    public void Invalidate(PlatformRegistration registration, IReadOnlyCollection<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(registration);
        _tokens.TryRemove(CacheKey(registration, scopes), out _);
    }

    private static string CacheKey(PlatformRegistration registration, IReadOnlyCollection<string> scopes) =>
        registration.Id + "\n" + string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static (string? Token, int? ExpiresIn) ReadToken(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = root.TryGetProperty("access_token", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

            // expires_in is a number in RFC 6749, but some platforms send it as a string.
            int? expiresIn = root.TryGetProperty("expires_in", out var expires) switch
            {
                true when expires.ValueKind == JsonValueKind.Number && expires.TryGetInt32(out var seconds) => seconds,
                true when expires.ValueKind == JsonValueKind.String && int.TryParse(expires.GetString(), out var seconds) => seconds,
                _ => null,
            };
            return (token, expiresIn is > 0 ? expiresIn : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private sealed record CachedToken(string Token, DateTimeOffset UseUntil);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1770, EventName = "ServiceTokenIssued", Level = LogLevel.Debug,
            Message = "Got an access token for registration {RegistrationId}, scopes {Scope}, valid {ExpiresIn} s")]
        public static partial void TokenIssued(ILogger logger, string registrationId, string scope, int expiresIn);

        [LoggerMessage(EventId = 1771, EventName = "ServiceTokenFailed", Level = LogLevel.Warning,
            Message = "Access token request failed for registration {RegistrationId}, scopes {Scope} (status {Status}): {Error}")]
        public static partial void TokenFailed(ILogger logger, string registrationId, string scope, int? status, string error);
    }
}
