using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Launch;

/// <summary>The tool's own public origin for one request, and the URLs derived from it.</summary>
public sealed class ToolUrls
{
    private readonly Uri _origin;

    /// <summary>Creates the URLs for the public origin <paramref name="baseUrl"/>.</summary>
    public ToolUrls(string baseUrl)
    {
        _origin = new Uri(new Uri(baseUrl, UriKind.Absolute).GetLeftPart(UriPartial.Authority));
        Origin = _origin.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The origin, such as <c>https://pd.example.org</c>, without a trailing slash.</summary>
    public string Origin { get; }

    /// <summary>The OIDC redirect URI: where platforms post id_tokens.</summary>
    public string LaunchUrl => Origin + "/lti/launch";

    /// <summary>The OIDC login initiation URL.</summary>
    public string LoginUrl => Origin + "/lti/login";

    /// <summary>The tool's public JWKS URL.</summary>
    public string JwksUrl => Origin + "/.well-known/jwks.json";

    /// <summary>
    /// Whether <paramref name="url"/> points at this tool: same scheme, host and port. This keeps
    /// target_link_uri from becoming an open redirect.
    /// </summary>
    public bool IsOwnUrl(string? url) =>
        IsPlainOwnUrl(url) || IsOwnUri(url);

    /// <summary>
    /// The common case without parsing a <see cref="Uri"/>: a plain URL whose scheme, host and port
    /// are spelled as in <see cref="Origin"/>. Any other spelling goes through <see cref="IsOwnUri"/>.
    /// </summary>
    private bool IsPlainOwnUrl(string? url) =>
        PlainHttpUrl.IsPlain(url, out var originLength)
        && originLength == Origin.Length
        && url.StartsWith(Origin, StringComparison.OrdinalIgnoreCase);

    private bool IsOwnUri(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, _origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, _origin.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == _origin.Port
        && string.IsNullOrEmpty(uri.UserInfo);
}
