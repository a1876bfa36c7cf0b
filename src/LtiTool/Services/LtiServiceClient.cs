using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LtiPd.LtiTool.Platforms;
using Polly.Timeout;

namespace LtiPd.LtiTool.Services;

/// <summary>
/// Calls a platform's LTI Advantage services with a bearer token from
/// <see cref="AccessTokenClient"/>. A 401 is retried once with a new token, because a platform
/// may revoke a token before its <c>expires_in</c> (Canvas does when a developer key changes).
/// </summary>
public sealed partial class LtiServiceClient
{
    /// <summary>The name of the <see cref="HttpClient"/> for token and service calls.</summary>
    public const string HttpClientName = "LtiPd.LtiTool.Services";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly AccessTokenClient _tokens;
    private readonly ILogger<LtiServiceClient> _logger;

    /// <summary>Creates the client.</summary>
    public LtiServiceClient(IHttpClientFactory httpClientFactory, AccessTokenClient tokens, ILogger<LtiServiceClient> logger)
    {
        _httpClientFactory = httpClientFactory;
        _tokens = tokens;
        _logger = logger;
    }

    /// <summary>
    /// Sends one request. <paramref name="json"/>, when given, goes as the body with
    /// <paramref name="contentType"/>. HTTP errors, timeouts and network failures come back in the
    /// <see cref="ServiceResponse"/> rather than as exceptions; a cancelled caller still gets
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<ServiceResponse> SendAsync(
        PlatformRegistration registration,
        IReadOnlyCollection<string> scopes,
        HttpMethod method,
        string url,
        string accept,
        string? json,
        string? contentType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        for (var attempt = 1; ; attempt++)
        {
            var (token, failure) = await _tokens.GetAsync(registration, scopes, cancellationToken);
            if (token is null)
            {
                return failure!;
            }

            var response = await SendOnceAsync(method, url, accept, json, contentType, token, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt == 2)
            {
                return response;
            }

            var urlForLog = UrlForLog(url);
            Log.TokenRejected(_logger, registration.Id, method.Method, urlForLog);
            _tokens.Invalidate(registration, scopes);
        }
    }

    private async Task<ServiceResponse> SendOnceAsync(
        HttpMethod method, string url, string accept, string? json, string? contentType, string token, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.ParseAdd(accept);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json") { CharSet = null };
            }

            using var response = await _httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return await ReadAsync(response, cancellationToken);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            return new ServiceResponse { Error = $"{method} {UrlForLog(url)} failed: {exception.Message}" };
        }
    }

    /// <summary>Reads what callers need from <paramref name="response"/>, with the platform's error text on failure.</summary>
    internal static async Task<ServiceResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        var success = response.IsSuccessStatusCode;
        return new ServiceResponse
        {
            StatusCode = response.StatusCode,
            Body = body,
            Links = response.Headers.TryGetValues("Link", out var links) ? links.ToList() : [],
            RetryAfter = retryAfter,
            Location = response.Headers.Location?.OriginalString,
            Error = success ? null : $"{(int)response.StatusCode} {response.ReasonPhrase}: {PlatformErrorText.From(body)}",
        };
    }

    /// <summary>Whether <paramref name="exception"/> means no usable response arrived, as opposed to a bug or a cancelled caller.</summary>
    internal static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or TimeoutRejectedException
        || (exception is TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The URL without its query, which may carry ids a log need not keep.</summary>
    internal static string UrlForLog(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? url : url[..query];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1772, EventName = "ServiceTokenRejected", Level = LogLevel.Information,
            Message = "Platform of registration {RegistrationId} rejected the access token on {Method} {Url}; retrying once with a new token")]
        public static partial void TokenRejected(ILogger logger, string registrationId, string method, string url);
    }
}
