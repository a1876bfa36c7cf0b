namespace LtiPd.Gamification.Badges;

/// <summary>Who issues LtiPd's Open Badges and where their public documents live.</summary>
public sealed class BadgeIssuerOptions
{
    /// <summary>The issuer name shown in wallets and backpacks, for example the PD programme. Default: <c>LtiPd</c>.</summary>
    public string IssuerName { get; set; } = "LtiPd";

    /// <summary>
    /// The tool's public base URL; the badge documents live under <c>badges/</c> below it (see
    /// <see cref="BadgeUrls"/>). Null lets the host use its own public base URL.
    /// </summary>
    public Uri? PublicBaseUri { get; set; }
}
