namespace LtiPd.Gamification.Badges;

/// <summary>Who issues LtiPd's Open Badges and where the hosted documents live.</summary>
public sealed class BadgeIssuerOptions
{
    /// <summary>The issuer id: an HTTPS URL that serves the issuer profile. Required to issue badges.</summary>
    public Uri? IssuerId { get; set; }

    /// <summary>The issuer name shown in wallets, for example the district or the PD programme.</summary>
    public string IssuerName { get; set; } = "LtiPd";

    /// <summary>
    /// The base URL under which the host serves hosted Open Badges 2.0 documents: badge classes at
    /// <c>badges/{tenant}/{badgeId}</c> and assertions at <c>assertions/{id}</c>. Ends with a slash.
    /// </summary>
    public Uri? PublicBaseUri { get; set; }
}
