using LtiPd.Gamification.Badges;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// The badge issuer of this tool, built from <c>Gamification:Badges:PublicBaseUri</c> or, when
/// that is not set, from <c>Lti:PublicBaseUrl</c>. Without either, badges are shown but not issued
/// as credentials, because every Open Badges id must be a stable public URL.
/// </summary>
internal sealed class BadgeIssuing
{
    public BadgeIssuing(IOptions<BadgeIssuerOptions> badgeOptions, IOptions<LtiOptions> ltiOptions)
    {
        var options = badgeOptions.Value;
        var baseUri = options.PublicBaseUri
            ?? (Uri.TryCreate(ltiOptions.Value.PublicBaseUrl, UriKind.Absolute, out var toolBase) ? toolBase : null);
        Issuer = baseUri is null ? null : new BadgeCredentialIssuer(new BadgeUrls(baseUri), options.IssuerName);
    }

    /// <summary>The issuer, or null when no public base URL is configured.</summary>
    public BadgeCredentialIssuer? Issuer { get; }
}
