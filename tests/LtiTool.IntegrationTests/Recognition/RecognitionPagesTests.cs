using System.Net;
using System.Text.Json.Nodes;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Recognition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.Recognition;

/// <summary>
/// The recognition pages after a launch, the leader's reversal with its audit row, and the public
/// Open Badges documents checked the way a verifier checks them: every document is fetched over
/// HTTP from the test host, without the learner's session.
/// </summary>
public sealed class RecognitionPagesTests : IClassFixture<LearnerAppFixture>
{
    private const string Module = "/app/modules/test-module";

    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private readonly LearnerAppFixture _app;

    public RecognitionPagesTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Summary_AfterLesson_ShowsReasonLevelAndLockedBadge()
    {
        var learner = await _app.CreateLearnerAsync();
        var tenant = await TenantOfAsync(learner);
        await ApplyBadgeRulesAsync(tenant);

        using (var read = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        var page = await WaitForPageAsync(learner, "/app/recognition", html => html.Contains("Completed a micro-lesson", StringComparison.Ordinal));
        var document = await LearnerAppFixture.ReadPageAsync(page);

        Assert.Contains("Level 1: Newcomer", document.QuerySelector("[data-testid=level]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("10 points", document.QuerySelector("[data-testid=level]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("progress[aria-labelledby=level-label]"));
        var levelImage = document.QuerySelector("[data-testid=level-image]")!;
        Assert.Equal("https://images.example.org/levels/newcomer.png", levelImage.GetAttribute("src"));
        Assert.Equal("Level 1 badge: Newcomer", levelImage.GetAttribute("alt"));
        var ledgerRow = Assert.Single(document.QuerySelectorAll("[data-testid=ledger] tbody tr"));
        Assert.Contains("+10", ledgerRow.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("/items/", ledgerRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("(Introduction, Test module)", ledgerRow.TextContent, StringComparison.Ordinal);
        var earned = document.QuerySelector("[data-badge-id=first-steps]")!;
        var locked = document.QuerySelector("[data-badge-id=hundred]")!;
        Assert.Equal("true", earned.GetAttribute("data-earned"));
        Assert.Equal("false", locked.GetAttribute("data-earned"));
        Assert.Contains("Earn 100 points", locked.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 week in a row", document.QuerySelector("[data-testid=streak]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("main h2#points-heading"));

        using var dashboard = await _app.GetAsync(learner, "/app");
        var dashboardDocument = await LearnerAppFixture.ReadPageAsync(dashboard);
        Assert.Equal("1 of 2", dashboardDocument.QuerySelector("[data-testid=badges-earned]")!.TextContent);
        Assert.Equal("Level 1 badge: Newcomer", dashboardDocument.QuerySelector("[data-testid=level-image]")!.GetAttribute("alt"));
        Assert.Equal("Place 1 of 1", dashboardDocument.QuerySelector("[data-testid=district-rank]")!.TextContent);
    }

    [Fact]
    public async Task Dashboard_NoBadges_ShowsEmptyState()
    {
        var learner = await _app.CreateLearnerAsync();

        using var dashboard = await _app.GetAsync(learner, "/app");

        var document = await LearnerAppFixture.ReadPageAsync(dashboard);
        var badges = document.QuerySelector("[data-testid=badges-earned]")!;
        Assert.Equal("Badges", badges.PreviousElementSibling!.TextContent);
        Assert.StartsWith("Your district has not set up badges yet.", badges.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("0 of 0", badges.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_TwoPointTotals_EachLabelled()
    {
        var learner = await _app.CreateLearnerAsync();

        using var dashboard = await _app.GetAsync(learner, "/app");

        var document = await LearnerAppFixture.ReadPageAsync(dashboard);
        var modulePoints = document.QuerySelector("[data-testid=total-points]")!;
        Assert.Equal("Module points (count toward completing modules)", modulePoints.PreviousElementSibling!.TextContent);
        var hint = document.QuerySelector("[data-testid=recognition-summary] [data-testid=recognition-points-hint]")!;
        Assert.Contains("recognition points", hint.TextContent, StringComparison.Ordinal);
        Assert.Contains("Module points only count toward completing modules", hint.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptIn_WithoutToken_IsRejected()
    {
        var learner = await _app.CreateLearnerAsync();

        using var forged = await _app.PostFormAsync(learner, "/app/recognition/opt-in", [KeyValuePair.Create("show_name", "true")]);
        using var accepted = await _app.PostWithTokenAsync(learner, "/app/recognition/opt-in", ("show_name", "true"));
        using var page = await _app.GetAsync(learner, "/app/recognition?notice=opt-in");
        var document = await LearnerAppFixture.ReadPageAsync(page);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
        Assert.Equal("Your name is shown on leaderboards.", document.QuerySelector("[data-testid=opt-in-state]")!.TextContent);
        Assert.Equal("status", document.QuerySelector("[data-testid=notice]")!.GetAttribute("role"));
    }

    [Fact]
    public async Task Leaderboard_OtherTeachers_HidesNamesNotOptedIn()
    {
        var district = "Leaderboard District " + Guid.NewGuid().ToString("N");
        var shown = await _app.CreateLearnerAsync("Shown Teacher", districtName: district);
        var hidden = await _app.CreateLearnerAsync("Hidden Teacher", districtName: district);
        var viewer = await _app.CreateLearnerAsync("Viewing Teacher", districtName: district);
        foreach (var learner in new[] { shown, hidden, viewer })
        {
            using var read = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done");
        }

        using (var optIn = await _app.PostWithTokenAsync(shown, "/app/recognition/opt-in", ("show_name", "true")))
        using (var hiddenVisit = await _app.GetAsync(hidden, "/app/recognition"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, optIn.StatusCode);
        }

        var page = await WaitForPageAsync(viewer, "/app/recognition/leaderboards", html => html.Contains("of 3.", StringComparison.Ordinal));
        var document = await LearnerAppFixture.ReadPageAsync(page);
        var names = document.QuerySelectorAll("[data-testid=board-top] tbody tr td:nth-child(2)").Select(cell => cell.TextContent).ToList();

        Assert.Contains("Shown Teacher", names);
        Assert.Contains("You", names);
        Assert.DoesNotContain("Hidden Teacher", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["1", "1", "1"], document.QuerySelectorAll("[data-testid=board-top] tbody tr td:first-child").Select(cell => cell.TextContent));
        Assert.NotNull(document.QuerySelector("label[for=scope]"));
    }

    [Fact]
    public async Task Leaderboard_UnknownSeason_400ListingSeasons()
    {
        var viewer = await _app.CreateLearnerAsync("Season Teacher", districtName: "Season District " + Guid.NewGuid().ToString("N"));
        var rules = RuleSet.Default with
        {
            Seasons = [new Season { Id = "2026-fall", Name = "Fall 2026", Start = new DateOnly(2026, 8, 1), End = new DateOnly(2026, 12, 31) }],
        };
        Assert.True((await _app.Factory.Services.GetRequiredService<GamificationEngine>().ApplyRulesAsync(await TenantOfAsync(viewer), rules, "test-admin", Token)).Succeeded);

        using var unknown = await _app.GetAsync(viewer, "/app/recognition/leaderboards?season=%3Cb%3E2025");
        using var known = await _app.GetAsync(viewer, "/app/recognition/leaderboards?season=2026-fall");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var html = await unknown.Content.ReadAsStringAsync(Token);
        var document = await LearnerAppFixture.ReadPageAsync(unknown);
        Assert.Equal(
            "The season '<b>2025' does not exist. Choose one of your district's seasons: Fall 2026 (2026-fall), or \"All time\".",
            document.QuerySelector("[data-testid=season-error]")!.TextContent);
        Assert.DoesNotContain("<b>2025", html, StringComparison.Ordinal);
        Assert.Null(document.QuerySelector("[data-testid=board-top]"));
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public async Task Admin_ReverseRow_SubtractsPointsAndAudits()
    {
        var district = "Admin District " + Guid.NewGuid().ToString("N");
        var teacher = await _app.CreateLearnerAsync(districtName: district);
        var leader = await _app.CreateLearnerAsync("Pat Leader", PdRole.Instructor, district);
        var tenant = await TenantOfAsync(teacher);
        using (var read = await _app.PostWithTokenAsync(teacher, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        var engine = _app.Factory.Services.GetRequiredService<GamificationEngine>();
        var award = await WaitForAsync(async () => {
            var rows = await engine.GetLedgerAsync(tenant, null, Token);
            return rows.Count > 0 ? rows[0] : null;
        });

        using var teacherTries = await _app.GetAsync(teacher, "/app/recognition/admin");
        using var adminPage = await _app.GetAsync(leader, "/app/recognition/admin");
        using var reversed = await _app.PostWithTokenAsync(leader, $"/app/recognition/admin/awards/{award.AwardKey}/reverse", ("reason", "Marked done by mistake"));
        using var twice = await _app.PostWithTokenAsync(leader, $"/app/recognition/admin/awards/{award.AwardKey}/reverse", ("reason", "Again"));
        using var rulesAsLeader = await _app.PostWithTokenAsync(leader, "/app/recognition/admin/rules/preview", ("rules", "{}"));

        Assert.Equal(HttpStatusCode.Forbidden, teacherTries.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, reversed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rulesAsLeader.StatusCode);
        var ledger = await engine.GetLedgerAsync(tenant, null, Token);
        Assert.Equal(0, ledger.Where(row => row.Status == "counted").Sum(row => row.Points));
        var audit = await _app.Factory.Services.GetRequiredService<Gamification.Points.AwardAdministration>().GetAuditAsync(tenant, Token);
        var entry = Assert.Single(audit, row => row.Action == "reverse");
        Assert.Equal(("Pat Leader", award.AwardKey, "Marked done by mistake"), (entry.Actor, entry.AwardKey, entry.Detail));
    }

    [Fact]
    public async Task Admin_RecentRows_ShowCatalogTitles()
    {
        var district = "Admin Titles " + Guid.NewGuid().ToString("N");
        var teacher = await _app.CreateLearnerAsync(districtName: district);
        var leader = await _app.CreateLearnerAsync("Lou Leader", PdRole.Instructor, district);
        var tenant = await TenantOfAsync(teacher);
        using (var read = await _app.PostWithTokenAsync(teacher, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        var engine = _app.Factory.Services.GetRequiredService<GamificationEngine>();
        var award = await WaitForAsync(async () =>
        {
            var rows = await engine.GetLedgerAsync(tenant, null, Token);
            return rows.Count > 0 ? rows[0] : null;
        });

        using var adminPage = await _app.GetAsync(leader, "/app/recognition/admin");

        Assert.Contains("://", award.Reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        var row = (await LearnerAppFixture.ReadPageAsync(adminPage)).QuerySelector($"[data-testid=recent] [data-award-key=\"{award.AwardKey}\"] p")!.TextContent;
        Assert.Contains("(Introduction, Test module)", row, StringComparison.Ordinal);
        Assert.DoesNotContain("://", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_RulesPreviewThenApply_RecomputesPoints()
    {
        var district = "Rules District " + Guid.NewGuid().ToString("N");
        var teacher = await _app.CreateLearnerAsync(districtName: district);
        var admin = await _app.CreateLearnerAsync("Ana Admin", PdRole.Administrator, district);
        var tenant = await TenantOfAsync(teacher);
        using (var read = await _app.PostWithTokenAsync(teacher, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        var engine = _app.Factory.Services.GetRequiredService<GamificationEngine>();
        await WaitForAsync(async () => {
            var rows = await engine.GetLedgerAsync(tenant, null, Token);
            return rows.Count > 0 ? rows[0] : null;
        });
        var doubled = RuleSet.Default with
        {
            PointRules = RuleSet.Default.PointRules.Select(rule => rule.Key == "lesson" ? rule with { Points = 20 } : rule).ToList(),
        };
        var json = RuleSetSerializer.Serialize(doubled);

        using var preview = await _app.PostWithTokenAsync(admin, "/app/recognition/admin/rules/preview", ("rules", json));
        var previewDocument = await LearnerAppFixture.ReadPageAsync(preview);
        var pointsBeforeApply = (await engine.GetLedgerAsync(tenant, null, Token)).Sum(row => row.Points);
        using var invalid = await _app.PostWithTokenAsync(admin, "/app/recognition/admin/rules/preview", ("rules", "{ not json"));
        using var apply = await _app.PostWithTokenAsync(admin, "/app/recognition/admin/rules/apply", ("rules", json));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("10 to 20", previewDocument.QuerySelector("[data-testid=preview]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(10, pointsBeforeApply);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, apply.StatusCode);
        Assert.Equal(20, (await engine.GetLedgerAsync(tenant, null, Token)).Sum(row => row.Points));
    }

    [Fact]
    public async Task BadgeCredential_VerifiedAsVerifier_SignatureClaimsAndRevocation()
    {
        var district = "Badge District " + Guid.NewGuid().ToString("N");
        var learner = await _app.CreateLearnerAsync(districtName: district);
        var tenant = await TenantOfAsync(learner);
        await ApplyBadgeRulesAsync(tenant);
        using (var read = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        await WaitForPageAsync(learner, "/app/recognition", html => html.Contains("data-earned=\"true\"", StringComparison.Ordinal));
        using var download = await _app.GetAsync(learner, "/app/recognition/badges/first-steps/credential?format=jwt");
        Assert.Equal(HttpStatusCode.SeeOther, download.StatusCode);
        var jwtPath = download.Headers.Location!.OriginalString;

        // From here on the verifier has only the JWT and public URLs, no session.
        var jwt = await GetTextAsync(jwtPath, "application/vc+jwt");
        var token = new JsonWebToken(jwt);
        Assert.Equal("RS256", token.Alg);
        var issuerUrl = new Uri(token.Issuer);
        var profile = JsonNode.Parse(await GetTextAsync(issuerUrl.PathAndQuery, "application/ld+json"))!;
        Assert.Equal(token.Issuer, profile["id"]!.GetValue<string>());
        Assert.Contains("Profile", profile["type"]!.AsArray().Select(node => node!.GetValue<string>()));

        // The kid names a key in the key set published under the issuer's own URL.
        var kid = new Uri(token.Kid);
        Assert.StartsWith(token.Issuer + "/", kid.GetLeftPart(UriPartial.Path), StringComparison.Ordinal);
        var keySet = new JsonWebKeySet(await GetTextAsync(kid.AbsolutePath, "application/jwk-set+json"));
        var key = Assert.Single(keySet.Keys, candidate => candidate.KeyId == kid.Fragment.TrimStart('#'));
        var headerJwk = JsonNode.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[0]))!["jwk"]!;
        Assert.Equal(key.N, headerJwk["n"]!.GetValue<string>());
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = profile["id"]!.GetValue<string>(),
            ValidateAudience = false,
            RequireExpirationTime = false,

            // A badge credential has no exp (no validUntil); nbf is checked below.
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            // The kid URL was resolved above to exactly this key.
            IssuerSigningKeyResolver = (_, _, _, _) => [key],
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.True(token.ValidFrom <= DateTime.UtcNow.AddMinutes(5));

        // Claims match the credential (Open Badges 3.0, VC-JWT): iss, jti, sub and nbf.
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(token.EncodedPayload))!.AsObject();
        var credential = JsonNode.Parse(await GetTextAsync(jwtPath[..^"/jwt".Length], "application/vc+ld+json"))!.AsObject();
        Assert.Equal(credential["id"]!.GetValue<string>(), token.Id);
        Assert.Equal(credential["credentialSubject"]!["id"]!.GetValue<string>(), token.Subject);
        Assert.Equal(credential["issuer"]!["id"]!.GetValue<string>(), token.Issuer);
        Assert.Equal(DateTimeOffset.Parse(credential["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), new DateTimeOffset(token.ValidFrom, TimeSpan.Zero));
        foreach (var claim in new[] { "iss", "jti", "sub", "nbf" })
        {
            payload.Remove(claim);
        }

        Assert.True(JsonNode.DeepEquals(credential, payload));
        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"], credential["@context"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential["type"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal("AchievementSubject", credential["credentialSubject"]!["type"]![0]!.GetValue<string>());
        var achievement = credential["credentialSubject"]!["achievement"]!;
        Assert.Equal("Achievement", achievement["type"]![0]!.GetValue<string>());
        Assert.Equal("Complete your first micro-lesson.", achievement["criteria"]!["narrative"]!.GetValue<string>());
        var account = (await _app.Factory.Services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, Token))!.Issuer;
        Assert.DoesNotContain(learner.Session.Subject, jwt, StringComparison.Ordinal);
        Assert.DoesNotContain(account, credential.ToJsonString(), StringComparison.Ordinal);

        // Revocation: the list is empty, an administrator revokes, the list names the credential
        // and the Open Badges 2.0 hosted assertion returns 410 Gone.
        var status = credential["credentialStatus"]!;
        Assert.Equal("BitstringStatusListEntry", status["type"]!.GetValue<string>());
        Assert.Equal("revocation", status["statusPurpose"]!.GetValue<string>());
        var index = int.Parse(status["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var statusListUrl = status["statusListCredential"]!.GetValue<string>();
        Assert.Equal($"{statusListUrl}#{index}", status["id"]!.GetValue<string>());
        Assert.False(await IsRevokedInStatusListAsync(new Uri(statusListUrl).PathAndQuery, token.Issuer, index));
        var statusPath = $"/badges/revocations/{Uri.EscapeDataString(tenant)}";
        Assert.Empty(JsonNode.Parse(await GetTextAsync(statusPath, "application/json"))!["revokedCredentials"]!.AsArray());
        var assertionPath = jwtPath.Replace("/credentials/", "/assertions/", StringComparison.Ordinal)[..^"/jwt".Length];
        var assertion = JsonNode.Parse(await GetTextAsync(assertionPath, "application/ld+json"))!;
        Assert.Equal("hosted", assertion["verification"]!["type"]!.GetValue<string>());
        Assert.Equal(200, (int)(await _app.GetAsync(null, new Uri(assertion["badge"]!.GetValue<string>()).PathAndQuery)).StatusCode);

        var admin = await _app.CreateLearnerAsync("Ana Admin", PdRole.Administrator, district);
        using var revoke = await _app.PostWithTokenAsync(admin, "/app/recognition/admin/credentials/revoke", ("credential_id", token.Id), ("reason", "Awarded in error"));
        Assert.Equal(HttpStatusCode.SeeOther, revoke.StatusCode);
        var revoked = JsonNode.Parse(await GetTextAsync(statusPath, "application/json"))!["revokedCredentials"]!.AsArray();
        Assert.Equal((token.Id, "Awarded in error"), (revoked[0]!["id"]!.GetValue<string>(), revoked[0]!["revocationReason"]!.GetValue<string>()));
        using var gone = await _app.GetAsync(null, assertionPath);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.True(JsonNode.Parse(await gone.Content.ReadAsStringAsync(Token))!["revoked"]!.GetValue<bool>());
        Assert.True(await IsRevokedInStatusListAsync(new Uri(statusListUrl).PathAndQuery, token.Issuer, index));
        using var unknown = await _app.GetAsync(null, "/badges/status/no-such-district");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>Reads a credential's bit the way a verifier does: the status list VC-JWT, verified with a key of the issuer's key set.</summary>
    private async Task<bool> IsRevokedInStatusListAsync(string statusListPath, string issuer, int index)
    {
        var jwt = new JsonWebToken(await GetTextAsync(statusListPath, "application/vc+jwt"));
        var keySet = new JsonWebKeySet(await GetTextAsync(new Uri(jwt.Kid).AbsolutePath, "application/jwk-set+json"));
        var key = Assert.Single(keySet.Keys, candidate => candidate.KeyId == new Uri(jwt.Kid).Fragment.TrimStart('#'));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jwt.EncodedToken, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKeyResolver = (_, _, _, _) => [key],
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var statusList = JsonNode.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload))!;
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], statusList["type"]!.AsArray().Select(node => node!.GetValue<string>()));
        Assert.Equal("revocation", statusList["credentialSubject"]!["statusPurpose"]!.GetValue<string>());
        return LtiPd.Gamification.Badges.BitstringStatusList.IsSet(statusList["credentialSubject"]!["encodedList"]!.GetValue<string>(), index);
    }

    [Fact]
    public async Task LevelImage_NotHttps_IsRejected()
    {
        var district = "Level District " + Guid.NewGuid().ToString("N");
        var admin = await _app.CreateLearnerAsync("Ana Admin", PdRole.Administrator, district);
        var rules = RuleSet.Default with { Levels = [new(0, "Newcomer", "javascript:alert(1)"), new(100, "Practitioner", "http://images.example.org/p.png")] };

        using var applied = await _app.PostWithTokenAsync(admin, "/app/recognition/admin/rules/apply", ("rules", RuleSetSerializer.Serialize(rules)));
        var error = (await LearnerAppFixture.ReadPageAsync(applied)).QuerySelector("[data-testid=error]")!.TextContent;

        Assert.Equal(HttpStatusCode.BadRequest, applied.StatusCode);
        Assert.Contains("The image URL 'javascript:alert(1)' of level 'Newcomer' is not an absolute https URL.", error, StringComparison.Ordinal);
        Assert.Contains("'http://images.example.org/p.png' of level 'Practitioner'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadgeKeyRotation_NewKeySigns_OldStillVerifies()
    {
        var district = "Rotation District " + Guid.NewGuid().ToString("N");
        var learner = await _app.CreateLearnerAsync(districtName: district);
        var tenant = await TenantOfAsync(learner);
        await ApplyBadgeRulesAsync(tenant);
        using (var read = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        await WaitForPageAsync(learner, "/app/recognition", html => html.Contains("data-earned=\"true\"", StringComparison.Ordinal));
        using var download = await _app.GetAsync(learner, "/app/recognition/badges/first-steps/credential?format=jwt");
        var jwtPath = download.Headers.Location!.OriginalString;
        var before = new JsonWebToken(await GetTextAsync(jwtPath, "application/vc+jwt"));

        var rotated = await _app.Factory.Services.GetRequiredService<BadgeKeyStore>().RotateAsync(tenant, Token);
        var after = new JsonWebToken(await GetTextAsync(jwtPath, "application/vc+jwt"));
        var keySet = new JsonWebKeySet(await GetTextAsync(new Uri(after.Kid).AbsolutePath, "application/jwk-set+json"));

        Assert.Equal(rotated, new Uri(after.Kid).Fragment.TrimStart('#'));
        Assert.NotEqual(before.Kid, after.Kid);
        Assert.Equal(2, keySet.Keys.Count);
        foreach (var token in new[] { before, after })
        {
            var key = Assert.Single(keySet.Keys, candidate => candidate.KeyId == new Uri(token.Kid).Fragment.TrimStart('#'));
            var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token.EncodedToken, new TokenValidationParameters
            {
                ValidIssuer = token.Issuer,
                ValidateAudience = false,
                ValidateLifetime = false,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                IssuerSigningKeyResolver = (_, _, _, _) => [key],
            });
            Assert.True(validation.IsValid, validation.Exception?.Message);
        }
    }

    private async Task<string> GetTextAsync(string path, string expectedMediaType)
    {
        using var response = await _app.GetAsync(null, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedMediaType, response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync(Token);
    }

    private async Task<HttpResponseMessage> WaitForPageAsync(Learner learner, string path, Func<string, bool> ready)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            var response = await _app.GetAsync(learner, path);
            var html = await response.Content.ReadAsStringAsync(Token);
            if (ready(html) || DateTimeOffset.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(200, Token);
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "The engine did not award within the wait.");
            await Task.Delay(200, Token);
        }
    }

    private async Task<string> TenantOfAsync(Learner learner) =>
        (await _app.Factory.Services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, Token))!.DistrictId;

    private async Task ApplyBadgeRulesAsync(string tenant)
    {
        var rules = RuleSet.Default with
        {
            Levels = [new(0, "Newcomer", "https://images.example.org/levels/newcomer.png"), new(100, "Practitioner"), new(230, "Mentor")],
            Badges =
            [
                new BadgeDefinition
                {
                    Id = "first-steps", Name = "First steps", Description = "Completed a first micro-lesson.",
                    CriteriaNarrative = "Complete your first micro-lesson.", Criterion = BadgeCriterion.PointsTotal, Threshold = 10,
                },
                new BadgeDefinition
                {
                    Id = "hundred", Name = "Hundred", Description = "Reached 100 points.",
                    CriteriaNarrative = "Earn 100 points.", Criterion = BadgeCriterion.PointsTotal, Threshold = 100,
                },
            ],
        };
        var result = await _app.Factory.Services.GetRequiredService<GamificationEngine>().ApplyRulesAsync(tenant, rules, "test-admin", Token);
        Assert.True(result.Succeeded, result.Error?.Message);
    }
}
