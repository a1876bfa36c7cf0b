using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Fetches the tool's public keys from its JWKS URL, as a real platform does to verify the tool's
/// client assertions and deep linking responses. It keeps no cache because the dev platform handles few such calls.
/// </summary>
public sealed partial class DevToolKeys
{
    /// <summary>The name of the HttpClient the dev platform uses to reach the tool.</summary>
    public const string HttpClientName = "LtiPd.DevPlatform";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly DevPlatformSite _site;
    private readonly ILogger<DevToolKeys> _logger;

    /// <summary>Creates the fetcher.</summary>
    public DevToolKeys(IHttpClientFactory httpClientFactory, DevPlatformSite site, ILogger<DevToolKeys> logger)
    {
        _httpClientFactory = httpClientFactory;
        _site = site;
        _logger = logger;
    }

    /// <summary>Returns the keys the tool publishes at its JWKS URL, or null when they cannot be fetched or read.</summary>
    public async Task<IList<SecurityKey>?> GetAsync(CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(HttpClientName);
        try
        {
            var json = await client.GetStringAsync(new Uri(_site.ToolJwksUrl), cancellationToken);
            return new JsonWebKeySet(json).GetSigningKeys();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or ArgumentException)
        {
            Log.ToolJwksUnavailable(_logger, _site.ToolJwksUrl, exception);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1809, EventName = "DevToolJwksUnavailable", Level = LogLevel.Warning,
            Message = "Dev LMS could not fetch or read the tool's JWKS at {JwksUrl}")]
        public static partial void ToolJwksUnavailable(ILogger logger, string jwksUrl, Exception exception);
    }
}
