namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Where the dev platform and the tool it launches live. The issuer depends on the port the
/// server listens on, so it is set once the server has started. Until then the dev platform's
/// endpoints return 503.
/// </summary>
public sealed class DevPlatformSite
{
    private volatile SiteAddresses? _addresses;

    /// <summary>Whether the addresses have been set.</summary>
    public bool IsReady => _addresses is not null;

    /// <summary>The issuer, such as <c>http://localhost:5000/devlms</c>, without a trailing slash.</summary>
    public string Issuer => Addresses.Issuer;

    /// <summary>The origins under which the tool (this same app) is reached, such as <c>http://127.0.0.1:5000</c>.</summary>
    public IReadOnlyList<string> ToolOrigins => Addresses.ToolOrigins;

    /// <summary>The OIDC authorization endpoint.</summary>
    public string AuthUrl => Issuer + "/auth";

    /// <summary>The OAuth 2.0 token endpoint.</summary>
    public string TokenUrl => Issuer + "/token";

    /// <summary>The dev platform's JWKS.</summary>
    public string JwksUrl => Issuer + "/jwks";

    /// <summary>Where the tool posts its deep linking response.</summary>
    public string DeepLinkReturnUrl => Issuer + "/deep-linking/return";

    /// <summary>The tool's JWKS, fetched to verify client assertions and deep linking responses.</summary>
    public string ToolJwksUrl => ToolOrigins[0] + "/.well-known/jwks.json";

    /// <summary>The redirect URIs registered for the tool: its launch URL under each of its origins.</summary>
    public IEnumerable<string> RedirectUris => ToolOrigins.Select(origin => origin + "/lti/launch");

    private SiteAddresses Addresses => _addresses
        ?? throw new InvalidOperationException("The dev platform's addresses are not set yet; the server has not finished starting.");

    /// <summary>The AGS line items container of a course.</summary>
    public string LineItemsUrl(string contextId) => $"{Issuer}/courses/{Uri.EscapeDataString(contextId)}/line_items";

    /// <summary>One AGS line item of a course.</summary>
    public string LineItemUrl(string contextId, string lineItemId) => $"{LineItemsUrl(contextId)}/{Uri.EscapeDataString(lineItemId)}";

    /// <summary>The NRPS membership container of a course.</summary>
    public string MembershipsUrl(string contextId) => $"{Issuer}/courses/{Uri.EscapeDataString(contextId)}/names_and_roles";

    /// <summary>Sets the addresses. The first tool origin is the one server-to-server calls use.</summary>
    public void Set(string issuer, IReadOnlyList<string> toolOrigins)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentNullException.ThrowIfNull(toolOrigins);
        if (toolOrigins.Count == 0)
        {
            throw new ArgumentException("At least one tool origin is required.", nameof(toolOrigins));
        }

        _addresses = new SiteAddresses(issuer.TrimEnd('/'), toolOrigins);
    }

    /// <summary>
    /// Returns the tool origin a page on <paramref name="pageHost"/> should frame: the other
    /// loopback name, so the frame is cross-site as it is under a real LMS. Other host names keep
    /// their own origin.
    /// </summary>
    public string CrossSiteToolOrigin(string pageHost)
    {
        var wanted = pageHost switch
        {
            "localhost" => "127.0.0.1",
            "127.0.0.1" => "localhost",
            _ => pageHost,
        };
        return ToolOrigins.FirstOrDefault(origin => new Uri(origin).Host == wanted) ?? ToolOrigins[0];
    }

    private sealed record SiteAddresses(string Issuer, IReadOnlyList<string> ToolOrigins);
}
