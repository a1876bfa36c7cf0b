using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LtiPd.Gamification.Rules;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.Gamification.Badges;

/// <summary>
/// Builds the Open Badges documents of a district: Open Badges 3.0 credentials (as JSON and as a
/// VC-JWT signed with RS256), issuer profiles and revocation lists, and Open Badges 2.0 hosted
/// assertions, badge classes and issuers. Every id is a URL from <see cref="BadgeUrls"/>.
/// </summary>
public sealed class BadgeCredentialIssuer
{
    /// <summary>The JSON-LD contexts of an Open Badges 3.0 credential, in the order the spec requires.</summary>
    public static readonly IReadOnlyList<string> Ob3Contexts =
        ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

    /// <summary>The JSON-LD context of Open Badges 2.0 documents.</summary>
    public const string Ob2Context = "https://w3id.org/openbadges/v2";

    /// <summary>The credential status type of the 1EdTech Revocation List Status Method, served for older verifiers.</summary>
    public const string RevocationListType = "1EdTechRevocationList";

    /// <summary>The credential status type of a W3C Bitstring Status List entry.</summary>
    public const string StatusListEntryType = "BitstringStatusListEntry";

    private const string RevocationPurpose = "revocation";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private readonly string _issuerName;

    /// <summary>Creates an issuer publishing under <paramref name="urls"/>.</summary>
    public BadgeCredentialIssuer(BadgeUrls urls, string issuerName)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuerName);
        Urls = urls;
        _issuerName = issuerName;
    }

    /// <summary>The URLs the documents use.</summary>
    public BadgeUrls Urls { get; }

    /// <summary>
    /// Returns the credential as a compact JWS. Per Open Badges 3.0 (VC-JWT proof format), the
    /// payload is the credential plus the registered claims <c>iss</c> (issuer id), <c>jti</c>
    /// (credential id), <c>sub</c> (subject id) and <c>nbf</c> (validFrom). The header names the key
    /// by <c>kid</c>, which the host sets to a URL of the district's key set, and carries the
    /// public key as <c>jwk</c> when <paramref name="publicJwk"/> is given.
    /// </summary>
    public string CreateVcJwt(IssuedBadge issued, SigningCredentials signingCredentials, JsonWebKey? publicJwk = null)
    {
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(signingCredentials);
        if (signingCredentials.Algorithm != SecurityAlgorithms.RsaSha256)
        {
            throw new ArgumentException(
                $"Badge credentials are signed with RS256, not {signingCredentials.Algorithm}. Pass RSA signing credentials with SecurityAlgorithms.RsaSha256.",
                nameof(signingCredentials));
        }

        var credential = CreateCredential(issued);
        credential["iss"] = Urls.Issuer(issued.Award.TenantId).AbsoluteUri;
        credential["jti"] = credential["id"]!.GetValue<string>();
        credential["sub"] = credential["credentialSubject"]!["id"]!.GetValue<string>();
        credential["nbf"] = issued.Award.AwardedAt.ToUnixTimeSeconds();
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        if (publicJwk is null)
        {
            return handler.CreateToken(credential.ToJsonString(), signingCredentials);
        }

        var header = new Dictionary<string, object> { ["jwk"] = new Dictionary<string, object> { ["kty"] = publicJwk.Kty, ["n"] = publicJwk.N, ["e"] = publicJwk.E } };
        return handler.CreateToken(credential.ToJsonString(), signingCredentials, header);
    }

    /// <summary>Returns the unsigned Open Badges 3.0 <c>OpenBadgeCredential</c>.</summary>
    public JsonObject CreateCredential(IssuedBadge issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var award = issued.Award;
        var subject = new JsonObject
        {
            ["id"] = SubjectId(award),
            ["type"] = new JsonArray("AchievementSubject"),
            ["identifier"] = new JsonArray(IdentityObject(award, "IdentityObject", "identityHash", "identityType", "sourcedId")),
            ["achievement"] = Achievement(award.TenantId, award.Badge),
        };

        // Open Badges 3.0 AchievementSubject activityStartDate and activityEndDate are dates
        // (xsd:date in context 3.0.3), written as the district's own days, so a viewer can show the
        // challenge's last day even though the award time falls after it.
        if (award.Activity is { } period)
        {
            subject["activityStartDate"] = period.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            subject["activityEndDate"] = period.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // Credit hours come from the badge definition the district set, never from points.
        if (award.Badge.CreditHours is { } hours)
        {
            subject["creditsEarned"] = hours;
        }

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray(Ob3Contexts.Select(context => (JsonNode)context).ToArray()),
            ["id"] = $"urn:uuid:{issued.CredentialId:D}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject
            {
                ["id"] = Urls.Issuer(award.TenantId).AbsoluteUri,
                ["type"] = new JsonArray("Profile"),
                ["name"] = _issuerName,
            },
            ["validFrom"] = Time(award.AwardedAt),

            // Open Badges 3.0 awardedDate (xsd:dateTime in context 3.0.3) keeps the award time
            // when a reissue moves validFrom. Both are the award time here, because each request
            // builds the credential again from the stored award.
            ["awardedDate"] = Time(award.AwardedAt),
            ["name"] = award.Badge.Name,
            ["credentialSubject"] = subject,
        };
        if (issued.StatusIndex is { } index)
        {
            // W3C Bitstring Status List v1.0 entry, the status method current Open Badges 3.0
            // verifiers check; they skip the older 1EdTechRevocationList type.
            var list = Urls.StatusList(award.TenantId).AbsoluteUri;
            var position = index.ToString(CultureInfo.InvariantCulture);
            credential["credentialStatus"] = new JsonObject
            {
                ["id"] = $"{list}#{position}",
                ["type"] = StatusListEntryType,
                ["statusPurpose"] = RevocationPurpose,
                ["statusListIndex"] = position,
                ["statusListCredential"] = list,
            };
        }

        return credential;
    }

    /// <summary>
    /// Returns the district's unsigned <c>BitstringStatusListCredential</c> (W3C Bitstring Status
    /// List v1.0) with purpose revocation: bit N is 1 when the credential at status list index N is
    /// revoked. The list is GZIP-compressed and multibase base64url-encoded (prefix <c>u</c>).
    /// </summary>
    public JsonObject CreateStatusListCredential(string tenantId, IEnumerable<int> revokedIndexes, int length, DateTimeOffset validFrom)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(revokedIndexes);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 8);
        var list = Urls.StatusList(tenantId).AbsoluteUri;
        return new JsonObject
        {
            ["@context"] = new JsonArray(Ob3Contexts[0]),
            ["id"] = list,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = Urls.Issuer(tenantId).AbsoluteUri,
            ["validFrom"] = Time(validFrom),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = $"{list}#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = RevocationPurpose,
                ["encodedList"] = BitstringStatusList.Encode(revokedIndexes, length),
            },
        };
    }

    /// <summary>Returns the status list credential as a VC-JWT signed with RS256, with <c>iss</c>, <c>jti</c> and <c>nbf</c> matching it.</summary>
    public static string CreateStatusListJwt(JsonObject statusList, SigningCredentials signingCredentials)
    {
        ArgumentNullException.ThrowIfNull(statusList);
        ArgumentNullException.ThrowIfNull(signingCredentials);
        var claims = statusList.DeepClone().AsObject();
        claims["iss"] = statusList["issuer"]!.GetValue<string>();
        claims["jti"] = statusList["id"]!.GetValue<string>();
        claims["nbf"] = DateTimeOffset.Parse(statusList["validFrom"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(claims.ToJsonString(), signingCredentials);
    }

    /// <summary>Returns the Open Badges 3.0 issuer profile of a district, served at its own <c>id</c>.</summary>
    public JsonObject CreateIssuerProfile(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new JsonObject
        {
            ["@context"] = new JsonArray(Ob3Contexts.Select(context => (JsonNode)context).ToArray()),
            ["id"] = Urls.Issuer(tenantId).AbsoluteUri,
            ["type"] = new JsonArray("Profile"),
            ["name"] = _issuerName,
        };
    }

    /// <summary>
    /// Returns the district's revocation list (1EdTech Revocation List Status Method): the ids of
    /// revoked credentials with their reasons, oldest first.
    /// </summary>
    public JsonObject CreateRevocationList(string tenantId, IEnumerable<BadgeRevocation> revocations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(revocations);
        var revoked = new JsonArray();
        foreach (var revocation in revocations.OrderBy(r => r.RevokedAt).ThenBy(r => r.CredentialId))
        {
            revoked.Add(new JsonObject { ["id"] = $"urn:uuid:{revocation.CredentialId:D}", ["revocationReason"] = revocation.Reason });
        }

        return new JsonObject
        {
            ["id"] = Urls.Revocations(tenantId).AbsoluteUri,
            ["issuer"] = Urls.Issuer(tenantId).AbsoluteUri,
            ["revokedCredentials"] = revoked,
        };
    }

    /// <summary>Returns the Open Badges 2.0 hosted assertion, served at its own <c>id</c>.</summary>
    public JsonObject CreateHostedAssertion(IssuedBadge issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var award = issued.Award;
        return new JsonObject
        {
            ["@context"] = Ob2Context,
            ["type"] = "Assertion",
            ["id"] = Urls.Assertion(issued.CredentialId).AbsoluteUri,
            ["recipient"] = IdentityObject(award, "url", "identity", null, null),
            ["badge"] = Urls.BadgeClass(award.TenantId, award.Badge.Id).AbsoluteUri,
            ["verification"] = new JsonObject { ["type"] = "hosted" },
            ["issuedOn"] = Time(award.AwardedAt),
        };
    }

    /// <summary>
    /// Returns the body of a revoked hosted assertion. Open Badges 2.0 (hosted verification) has
    /// the assertion URL return 410 Gone with <c>revoked: true</c>.
    /// </summary>
    public JsonObject CreateRevokedAssertion(Guid credentialId, string reason) => new()
    {
        ["@context"] = Ob2Context,
        ["type"] = "Assertion",
        ["id"] = Urls.Assertion(credentialId).AbsoluteUri,
        ["revoked"] = true,
        ["revocationReason"] = reason,
    };

    /// <summary>Returns the Open Badges 2.0 badge class of a badge.</summary>
    public JsonObject CreateBadgeClass(string tenantId, BadgeDefinition badge)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(badge);
        var badgeClass = new JsonObject
        {
            ["@context"] = Ob2Context,
            ["type"] = "BadgeClass",
            ["id"] = Urls.BadgeClass(tenantId, badge.Id).AbsoluteUri,
            ["name"] = badge.Name,
            ["description"] = badge.Description,
            ["criteria"] = new JsonObject { ["narrative"] = badge.CriteriaNarrative },
            ["issuer"] = Urls.Ob2Issuer(tenantId).AbsoluteUri,
        };
        if (badge.ImageUrl is not null)
        {
            badgeClass["image"] = badge.ImageUrl;
        }

        return badgeClass;
    }

    /// <summary>Returns the Open Badges 2.0 issuer (Profile) of a district.</summary>
    public JsonObject CreateOb2Issuer(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new JsonObject
        {
            ["@context"] = Ob2Context,
            ["type"] = "Issuer",
            ["id"] = Urls.Ob2Issuer(tenantId).AbsoluteUri,
            ["name"] = _issuerName,
            ["url"] = Urls.Issuer(tenantId).AbsoluteUri,
        };
    }

    private JsonObject Achievement(string tenantId, BadgeDefinition badge)
    {
        var achievement = new JsonObject
        {
            ["id"] = Urls.BadgeClass(tenantId, badge.Id).AbsoluteUri,
            ["type"] = new JsonArray("Achievement"),
            ["name"] = badge.Name,
            ["description"] = badge.Description,
            ["criteria"] = new JsonObject { ["narrative"] = badge.CriteriaNarrative },
        };
        if (badge.CreditHours is { } hours)
        {
            achievement["creditsAvailable"] = hours;
        }

        if (badge.ImageUrl is not null)
        {
            achievement["image"] = new JsonObject { ["id"] = badge.ImageUrl, ["type"] = "Image" };
        }

        return achievement;
    }

    private static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static string SubjectId(BadgeAward award) =>
        $"urn:uuid:{Data.GamificationKeys.OutputStatementId(award.TenantId, "subject", award.UserId):D}";

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
