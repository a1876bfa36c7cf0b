using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LtiPd.Gamification.Data;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.Gamification.Badges;

/// <summary>
/// Builds Open Badges for earned badges: an Open Badges 3.0 <c>OpenBadgeCredential</c> secured as a
/// VC-JWT signed with RS256, and an Open Badges 2.0 hosted assertion with its badge class. Ids are
/// derived from the award, so issuing again yields the same credential id.
/// </summary>
public sealed class BadgeCredentialIssuer
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private readonly BadgeIssuerOptions _options;
    private readonly Uri _issuerId;
    private readonly Uri _publicBase;

    /// <summary>Creates an issuer; throws when the options lack the issuer id or the public base URL.</summary>
    public BadgeCredentialIssuer(BadgeIssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IssuerId is not { IsAbsoluteUri: true } issuerId || options.PublicBaseUri is not { IsAbsoluteUri: true } publicBase)
        {
            throw new ArgumentException(
                "Badge issuing needs Gamification:Badges:IssuerId and PublicBaseUri as absolute HTTPS URLs. Set both to addresses the tool serves.",
                nameof(options));
        }

        _options = options;
        _issuerId = issuerId;
        var baseText = publicBase.AbsoluteUri;
        _publicBase = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
    }

    /// <summary>
    /// Returns the credential as a compact JWS. Per Open Badges 3.0, section 8.2 (VC-JWT), the
    /// payload is the credential itself plus the registered claims <c>iss</c> (issuer id),
    /// <c>jti</c> (credential id), <c>sub</c> (subject id) and <c>nbf</c> (validFrom); the header
    /// names the key by <c>kid</c>.
    /// </summary>
    public string CreateVcJwt(BadgeAward award, SigningCredentials signingCredentials)
    {
        ArgumentNullException.ThrowIfNull(award);
        ArgumentNullException.ThrowIfNull(signingCredentials);
        if (signingCredentials.Algorithm != SecurityAlgorithms.RsaSha256)
        {
            throw new ArgumentException(
                $"Badge credentials are signed with RS256, not {signingCredentials.Algorithm}. Pass RSA signing credentials with SecurityAlgorithms.RsaSha256.",
                nameof(signingCredentials));
        }

        var credential = CreateCredential(award);
        credential["iss"] = _issuerId.AbsoluteUri;
        credential["jti"] = credential["id"]!.GetValue<string>();
        credential["sub"] = credential["credentialSubject"]!["id"]!.GetValue<string>();
        credential["nbf"] = award.AwardedAt.ToUnixTimeSeconds();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(credential.ToJsonString(), signingCredentials);
    }

    /// <summary>Returns the unsigned Open Badges 3.0 credential (data model section 8.1).</summary>
    public JsonObject CreateCredential(BadgeAward award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = $"urn:uuid:{GamificationKeys.OutputStatementId(award.TenantId, "ob3", award.UserId, award.Badge.Id):D}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject
            {
                ["id"] = _issuerId.AbsoluteUri,
                ["type"] = new JsonArray("Profile"),
                ["name"] = _options.IssuerName,
            },
            ["validFrom"] = award.AwardedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
            ["name"] = award.Badge.Name,
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = SubjectId(award),
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(IdentityObject(award, "IdentityObject", "identityHash", "identityType", "sourcedId")),
                ["achievement"] = new JsonObject
                {
                    ["id"] = BadgeClassUri(award).AbsoluteUri,
                    ["type"] = new JsonArray("Achievement"),
                    ["name"] = award.Badge.Name,
                    ["description"] = award.Badge.Description,
                    ["criteria"] = new JsonObject { ["narrative"] = award.Badge.CriteriaNarrative },
                },
            },
        };
    }

    /// <summary>Returns the Open Badges 2.0 hosted assertion, served at its own <c>id</c>.</summary>
    public JsonObject CreateHostedAssertion(BadgeAward award)
    {
        ArgumentNullException.ThrowIfNull(award);
        var assertionId = GamificationKeys.OutputStatementId(award.TenantId, "ob2", award.UserId, award.Badge.Id);
        return new JsonObject
        {
            ["@context"] = "https://w3id.org/openbadges/v2",
            ["type"] = "Assertion",
            ["id"] = new Uri(_publicBase, $"assertions/{assertionId:D}").AbsoluteUri,
            ["recipient"] = IdentityObject(award, "url", "identity", null, null),
            ["badge"] = BadgeClassUri(award).AbsoluteUri,
            ["verification"] = new JsonObject { ["type"] = "hosted" },
            ["issuedOn"] = award.AwardedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Returns the Open Badges 2.0 badge class the assertion points to.</summary>
    public JsonObject CreateBadgeClass(BadgeAward award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return new JsonObject
        {
            ["@context"] = "https://w3id.org/openbadges/v2",
            ["type"] = "BadgeClass",
            ["id"] = BadgeClassUri(award).AbsoluteUri,
            ["name"] = award.Badge.Name,
            ["description"] = award.Badge.Description,
            ["criteria"] = new JsonObject { ["narrative"] = award.Badge.CriteriaNarrative },
            ["issuer"] = _issuerId.AbsoluteUri,
        };
    }

    private Uri BadgeClassUri(BadgeAward award) =>
        new(_publicBase, $"badges/{Uri.EscapeDataString(award.TenantId)}/{Uri.EscapeDataString(award.Badge.Id)}");

    private static string SubjectId(BadgeAward award) =>
        $"urn:uuid:{GamificationKeys.OutputStatementId(award.TenantId, "subject", award.UserId):D}";

    // The recipient is identified by a salted SHA-256 of the LMS account URL, as both specs allow,
    // so the public document names no one. The salt is derived from the award so reissuing is stable.
    private static JsonObject IdentityObject(BadgeAward award, string type, string hashField, string? typeField, string? typeValue)
    {
        var account = $"{award.HomePage.TrimEnd('/')}/users/{Uri.EscapeDataString(award.AccountName)}";
        var salt = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{award.TenantId}|{award.UserId}|{award.Badge.Id}")))[..16];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account + salt)));
        var identity = new JsonObject
        {
            ["type"] = type,
            ["hashed"] = true,
            [hashField] = $"sha256${hash}",
            ["salt"] = salt,
        };
        if (typeField is not null)
        {
            identity[typeField] = typeValue;
        }

        return identity;
    }
}
