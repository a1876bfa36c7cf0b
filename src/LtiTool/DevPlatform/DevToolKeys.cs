using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Fetches the tool's public keys from its JWKS URL, as a real platform does to verify the tool's
/// client assertions and deep linking responses. No cache: the dev platform sees few such calls.
/// </summary>
public sealed class DevToolKeys
{
    /// <summary>The name of the HttpClient the dev platform uses to reach the tool.</summary>
    public const string HttpClientName = "LtiPd.DevPlatform";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly DevPlatformSite _site;

    /// <summary>Creates the fetcher.</summary>
    public DevToolKeys(IHttpClientFactory httpClientFactory, DevPlatformSite site)
    {
        _httpClientFactory = httpClientFactory;
        _site = site;
    }

    /// <summary>Returns the keys the tool publishes at its JWKS URL.</summary>
    public async Task<IList<SecurityKey>> GetAsync(CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(HttpClientName);
        var json = await client.GetStringAsync(new Uri(_site.ToolJwksUrl), cancellationToken);
        return new JsonWebKeySet(json).GetSigningKeys();
    }
}
