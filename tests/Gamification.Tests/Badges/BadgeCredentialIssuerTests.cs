using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LtiPd.Gamification.Badges;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.Gamification.Tests.Badges;

public sealed class BadgeCredentialIssuerTests : IDisposable
{
    private static readonly DateTimeOffset AwardedAt = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private readonly RSA _issuerKey = RSA.Create(2048);
    private static readonly Guid CredentialId = Guid.Parse("4f0e3c1a-8d2b-4c6e-9a7f-1b2c3d4e5f60");

    private readonly BadgeCredentialIssuer _issuer = new(new BadgeUrls(new Uri("https://pd.district.test/tool")), "District PD");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateVcJwt_IssuerPublicKey_Verifies()
    {
        var award = Award();

        var jwt = _issuer.CreateVcJwt(award, Signing());
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, VerifierParameters());

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("JWT", token.Typ);
        Assert.Equal("issuer-key-1", token.Kid);
        Assert.Equal("https://pd.district.test/tool/badges/issuers/district-1", token.Issuer);
        Assert.Equal(AwardedAt, new DateTimeOffset(token.ValidFrom));
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var root = payload.RootElement;
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], root.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("urn:uuid:" + CredentialId.ToString("D"), token.Id);
        Assert.Equal(root.GetProperty("id").GetString(), token.Id);
        var status = root.GetProperty("credentialStatus");
        Assert.Equal("BitstringStatusListEntry", status.GetProperty("type").GetString());
        Assert.Equal("revocation", status.GetProperty("statusPurpose").GetString());
        Assert.Equal("1234", status.GetProperty("statusListIndex").GetString());
        Assert.Equal("https://pd.district.test/tool/badges/status/district-1", status.GetProperty("statusListCredential").GetString());
        Assert.Equal("https://pd.district.test/tool/badges/status/district-1#1234", status.GetProperty("id").GetString());
        Assert.False(root.GetProperty("credentialSubject").TryGetProperty("creditsEarned", out _));
        Assert.Equal(root.GetProperty("credentialSubject").GetProperty("id").GetString(), token.Subject);
        Assert.Equal("2026-09-14T15:00:00Z", root.GetProperty("validFrom").GetString());
        Assert.Equal("2026-09-14T15:00:00Z", root.GetProperty("awardedDate").GetString());
        Assert.False(root.GetProperty("credentialSubject").TryGetProperty("activityEndDate", out _));
        var achievement = root.GetProperty("credentialSubject").GetProperty("achievement");
        Assert.Equal("Finish two modules of the literacy topic.", achievement.GetProperty("criteria").GetProperty("narrative").GetString());
        Assert.Equal("https://pd.district.test/tool/badges/classes/district-1/literacy", achievement.GetProperty("id").GetString());
        Assert.DoesNotContain("teacher-1", Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.EncodedPayload)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateVcJwt_TamperedPayload_FailsVerification()
    {
        var jwt = _issuer.CreateVcJwt(Award(), Signing());
        var parts = jwt.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("Literacy", "Numeracy", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tampered, VerifierParameters());

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task CreateVcJwt_OtherIssuerKey_FailsVerification()
    {
        using var otherKey = RSA.Create(2048);
        var jwt = _issuer.CreateVcJwt(Award(), new SigningCredentials(new RsaSecurityKey(otherKey) { KeyId = "issuer-key-1" }, SecurityAlgorithms.RsaSha256));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, VerifierParameters());

        Assert.False(result.IsValid);
    }

    [Fact]
    public void CreateVcJwt_HmacCredentials_Throws()
    {
        var hmac = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256);

        var exception = Assert.Throws<ArgumentException>(() => _issuer.CreateVcJwt(Award(), hmac));

        Assert.Contains("RS256", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateCredential_BadgeWithCreditHours_WritesCreditsEarned()
    {
        var award = Award();
        var withHours = award with { Award = award.Award with { Badge = award.Award.Badge with { CreditHours = 1.5 } } };

        var credential = _issuer.CreateCredential(withHours);

        Assert.Equal(1.5, credential["credentialSubject"]!["creditsEarned"]!.GetValue<double>());
        Assert.Equal(1.5, credential["credentialSubject"]!["achievement"]!["creditsAvailable"]!.GetValue<double>());
    }

    [Fact]
    public void CreateRevocationList_TwoRevoked_ListsIdsAndReasons()
    {
        var first = new BadgeRevocation(Guid.Parse("00000000-0000-4000-8000-000000000002"), AwardedAt, "Awarded in error");
        var second = new BadgeRevocation(Guid.Parse("00000000-0000-4000-8000-000000000001"), AwardedAt.AddDays(1), "Evidence withdrawn");

        var list = _issuer.CreateRevocationList(StatementJson.DistrictId, [second, first]);

        Assert.Equal("https://pd.district.test/tool/badges/revocations/district-1", list["id"]!.GetValue<string>());
        Assert.Equal("https://pd.district.test/tool/badges/issuers/district-1", list["issuer"]!.GetValue<string>());
        Assert.Equal(
            [("urn:uuid:00000000-0000-4000-8000-000000000002", "Awarded in error"), ("urn:uuid:00000000-0000-4000-8000-000000000001", "Evidence withdrawn")],
            list["revokedCredentials"]!.AsArray().Select(entry => (entry!["id"]!.GetValue<string>(), entry["revocationReason"]!.GetValue<string>())));
    }

    [Fact]
    public void CreateHostedAssertion_Award_HashesRecipient()
    {
        var award = Award();

        var assertion = _issuer.CreateHostedAssertion(award);
        var badgeClass = _issuer.CreateBadgeClass(award.Award.TenantId, award.Award.Badge);

        Assert.Equal("Assertion", assertion["type"]!.GetValue<string>());
        Assert.Equal("hosted", assertion["verification"]!["type"]!.GetValue<string>());
        Assert.Equal(badgeClass["id"]!.GetValue<string>(), assertion["badge"]!.GetValue<string>());
        Assert.StartsWith("https://pd.district.test/tool/badges/assertions/", assertion["id"]!.GetValue<string>(), StringComparison.Ordinal);
        var recipient = assertion["recipient"]!;
        var salt = recipient["salt"]!.GetValue<string>();
        var expected = "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("https://canvas.district.test/users/teacher-1" + salt)));
        Assert.Equal(expected, recipient["identity"]!.GetValue<string>());
        Assert.True(recipient["hashed"]!.GetValue<bool>());
        Assert.Equal("https://pd.district.test/tool/badges/issuers/district-1/ob2", badgeClass["issuer"]!.GetValue<string>());
        Assert.Equal(assertion.ToJsonString(), _issuer.CreateHostedAssertion(award).ToJsonString());
    }

    [Fact]
    public async Task BadgeAwardReader_EarnedBadge_IssuesVerifiableCredential()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, RuleSet.Default with { Badges = [Literacy()] }, "admin-1", Token);
        await engine.ProcessAsync(new StatementJson { Stored = AwardedAt, ActivityType = XapiTerms.ModuleType, ActivityId = "https://pd.district.test/modules/1" }.Parse(), Token);
        await engine.ProcessAsync(new StatementJson { Stored = AwardedAt.AddHours(1), ActivityType = XapiTerms.ModuleType, ActivityId = "https://pd.district.test/modules/2" }.Parse(), Token);
        var reader = new BadgeAwardReader(engine);
        var userId = GamificationKeys.UserId(StatementJson.HomePage, "teacher-1");

        var award = await reader.GetAsync(StatementJson.DistrictId, userId, "literacy", Token);
        var missing = await reader.GetAsync(StatementJson.DistrictId, userId, "numeracy", Token);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(_issuer.CreateVcJwt(new IssuedBadge(CredentialId, award.Value!, AwardedAt, null), Signing()), VerifierParameters());

        Assert.Equal(AwardedAt.AddHours(1), award.Value!.AwardedAt);
        Assert.IsType<NotFoundError>(missing.Error);
        Assert.True(result.IsValid);
    }

    public void Dispose() => _issuerKey.Dispose();

    private SigningCredentials Signing() =>
        new(new RsaSecurityKey(_issuerKey) { KeyId = "issuer-key-1" }, SecurityAlgorithms.RsaSha256);

    // The verifier holds only the issuer's public key, as it would after fetching the issuer's JWKS.
    private TokenValidationParameters VerifierParameters() => new()
    {
        ValidIssuer = "https://pd.district.test/tool/badges/issuers/district-1",
        ValidateAudience = false,
        RequireExpirationTime = false,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        IssuerSigningKey = new RsaSecurityKey(_issuerKey.ExportParameters(includePrivateParameters: false)) { KeyId = "issuer-key-1" },
    };

    private static BadgeDefinition Literacy() => new()
    {
        Id = "literacy",
        Name = "Literacy Explorer",
        Description = "Completed the literacy topic modules.",
        CriteriaNarrative = "Finish two modules of the literacy topic.",
        Criterion = BadgeCriterion.ModulesCompleted,
        Threshold = 2,
    };

    [Fact]
    public void CreateCredential_NoStatusIndex_HasNoStatus()
    {
        var credential = _issuer.CreateCredential(Award() with { StatusIndex = null });

        Assert.False(credential.ContainsKey("credentialStatus"));
    }

    [Fact]
    public async Task StatusList_RevokedIndexes_SetOnlyTheirBits()
    {
        var validFrom = AwardedAt.AddDays(3);

        var statusList = _issuer.CreateStatusListCredential(StatementJson.DistrictId, [0, 1234, 131_071], 131_072, validFrom);
        var jwt = BadgeCredentialIssuer.CreateStatusListJwt(statusList, Signing());
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, VerifierParameters());

        Assert.Equal(["https://www.w3.org/ns/credentials/v2"], statusList["@context"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], statusList["type"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal("https://pd.district.test/tool/badges/status/district-1", statusList["id"]!.GetValue<string>());
        Assert.Equal("https://pd.district.test/tool/badges/issuers/district-1", statusList["issuer"]!.GetValue<string>());
        Assert.Equal("2026-09-17T15:00:00Z", statusList["validFrom"]!.GetValue<string>());
        var subject = statusList["credentialSubject"]!;
        Assert.Equal("https://pd.district.test/tool/badges/status/district-1#list", subject["id"]!.GetValue<string>());
        Assert.Equal("BitstringStatusList", subject["type"]!.GetValue<string>());
        Assert.Equal("revocation", subject["statusPurpose"]!.GetValue<string>());
        var encoded = subject["encodedList"]!.GetValue<string>();
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        Assert.True(BitstringStatusList.IsSet(encoded, 0));
        Assert.True(BitstringStatusList.IsSet(encoded, 1234));
        Assert.True(BitstringStatusList.IsSet(encoded, 131_071));
        Assert.False(BitstringStatusList.IsSet(encoded, 1));
        Assert.False(BitstringStatusList.IsSet(encoded, 1233));
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(statusList["id"]!.GetValue<string>(), ((JsonWebToken)result.SecurityToken).Id);
    }

    [Fact]
    public void BitstringEncode_FirstBit_IsMostSignificant()
    {
        var encoded = BitstringStatusList.Encode([0, 9], 16);

        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encoded[1..])), System.IO.Compression.CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        Assert.Equal(new byte[] { 0x80, 0x40 }, bits.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => BitstringStatusList.Encode([16], 16));
    }

    private static IssuedBadge Award() => new(
        CredentialId,
        new BadgeAward(StatementJson.DistrictId, GamificationKeys.UserId(StatementJson.HomePage, "teacher-1"), StatementJson.HomePage, "teacher-1", Literacy(), AwardedAt),
        AwardedAt,
        null,
        StatusIndex: 1234);
}
