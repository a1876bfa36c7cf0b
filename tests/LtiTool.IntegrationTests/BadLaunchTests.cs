using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Sessions;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>
/// Login and launch requests the tool must reject. Each row starts from a valid launch of its own
/// platform, changes one thing, and checks the HTTP status, the reason code in
/// <c>X-LtiPd-Reason</c>, and that no session was stored for that platform.
/// </summary>
public sealed class BadLaunchTests(SharedLtiTool tool) : IClassFixture<SharedLtiTool>
{
    private const string Elsewhere = "https://attacker.example.net/lti/launch";

    private static readonly Dictionary<string, Func<LaunchAttempt, Task<HttpResponseMessage>>> Scenarios = new(StringComparer.Ordinal)
    {
        ["alg none"] = attempt => attempt.LaunchAsync(token => token.WithAlgorithmNone()),
        ["HS256 keyed with the platform's public key"] = attempt =>
            attempt.LaunchAsync(token => token.SignedWithHmac(Encoding.ASCII.GetBytes(attempt.Platform.Key.ExportPublicPem()))),
        ["kid missing"] = attempt => attempt.LaunchAsync(token => token.WithoutHeader("kid")),
        ["kid unknown, JWKS refetched once then rate-limited"] = UnknownKidAsync,
        ["kid of an EC key"] = EcKeyAsync,
        ["kid of a 1024-bit RSA key"] = SmallRsaKeyAsync,
        ["jku header naming an attacker's key set"] = AttackerKeySetAsync,
        ["jwk header embedding an attacker's key"] = attempt =>
        {
            var attacker = new PlatformKey(attempt.Platform.Key.Kid);
            return attempt.LaunchAsync(token => token.WithHeader("jwk", attacker.ToPublicJwk()).SignedBy(attacker.Rsa));
        },
        ["signature altered"] = attempt => attempt.LaunchAsync(token => token.WithCorruptSignature()),
        ["signed by another key under the platform's kid"] = attempt => attempt.LaunchAsync(token => token.SignedBy(RSA.Create(2048))),
        ["iss of another platform"] = attempt => attempt.LaunchAsync(token => token.With("iss", "https://other-lms.example.org")),
        ["iss twice, the last of another platform"] = attempt =>
            attempt.LaunchAsync(token => token.WithEarlierCopy("iss").With("iss", "https://other-lms.example.org")),
        ["aud twice, the last without our client id"] = attempt =>
            attempt.LaunchAsync(token => token.WithEarlierCopy("aud").With("aud", "some-other-tool")),
        ["nonce twice, the last of another login"] = attempt =>
            attempt.LaunchAsync(token => token.WithEarlierCopy("nonce").With("nonce", Tokens.NewRandom())),
        ["aud without our client id"] = attempt => attempt.LaunchAsync(token => token.With("aud", "some-other-tool")),
        ["several aud without azp"] = attempt =>
            attempt.LaunchAsync(token => token.With("aud", new JsonArray(attempt.Platform.ClientId, "some-other-tool"))),
        ["azp of another client"] = attempt => attempt.LaunchAsync(token => token.With("azp", "some-other-tool")),
        ["exp past the leeway"] = attempt => attempt.LaunchAsync(token => token
            .With("iat", DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds())
            .With("exp", DateTimeOffset.UtcNow.AddSeconds(-61 - 5).ToUnixTimeSeconds())),
        ["iat in the future"] = attempt => attempt.LaunchAsync(token => token
            .With("iat", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds())
            .With("exp", DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds())),
        ["nbf in the future"] = attempt => attempt.LaunchAsync(token => token.With("nbf", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds())),
        ["nonce of another login"] = attempt => attempt.LaunchAsync(token => token.With("nonce", Tokens.NewRandom())),
        ["nonce already used"] = NonceUsedAsync,
        ["state replayed with the same launch"] = StateReplayedAsync,
        ["state never issued"] = StateUnknownAsync,
        ["state expired"] = StateExpiredAsync,
        ["state missing"] = attempt => attempt.Browser.LaunchAsync(new Dictionary<string, string> { ["id_token"] = "a.b.c" }),
        ["login cookie missing"] = LoginCookieMissingAsync,
        ["login cookie of another login"] = LoginCookieSwappedAsync,
        ["id_token missing"] = IdTokenMissingAsync,
        ["id_token not a JWS"] = IdTokenMalformedAsync,
        ["platform error instead of id_token"] = PlatformErrorAsync,
        ["message type unsupported"] = attempt =>
            attempt.LaunchAsync(token => token.With(LtiClaimNames.MessageType, "LtiStartProctoring")),
        ["version 1.1"] = attempt => attempt.LaunchAsync(token => token.With(LtiClaimNames.Version, "1.1")),
        ["deployment_id missing"] = attempt => attempt.LaunchAsync(token => token.Without(LtiClaimNames.DeploymentId)),
        ["deployment_id differs from login"] = attempt => attempt.LaunchAsync(token => token.With(LtiClaimNames.DeploymentId, "another-deployment")),
        ["deployment unseen at launch"] = UnseenDeploymentAtLaunchAsync,
        ["deployment unseen at login"] = UnseenDeploymentAtLoginAsync,
        ["sub missing"] = attempt => attempt.LaunchAsync(token => token.Without("sub")),
        ["sub longer than 255 characters"] = attempt => attempt.LaunchAsync(token => token.With("sub", new string('s', 256))),
        ["submission review without for_user"] = attempt =>
            attempt.LaunchAsync(token => token.With(LtiClaimNames.MessageType, LtiMessageTypes.SubmissionReviewRequest)),
        ["deep linking without return URL"] = attempt => attempt.LaunchAsync(token => token
            .With(LtiClaimNames.MessageType, LtiMessageTypes.DeepLinkingRequest)
            .With(LtiClaimNames.DeepLinkingSettings, new JsonObject { ["deep_link_return_url"] = "$DeepLink.returnUrl" })),
        ["roles missing"] = attempt => attempt.LaunchAsync(token => token.Without(LtiClaimNames.Roles)),
        ["roles a single string, not an array"] = attempt =>
            attempt.LaunchAsync(token => token.With(LtiClaimNames.Roles, "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner")),
        ["exp a string"] = attempt => attempt.LaunchAsync(token => token.With("exp", "soon")),
        ["resource link missing"] = attempt => attempt.LaunchAsync(token => token.Without(LtiClaimNames.ResourceLink)),
        ["target_link_uri claim elsewhere"] = attempt => attempt.LaunchAsync(token => token.With(LtiClaimNames.TargetLinkUri, Elsewhere)),
        ["target_link_uri elsewhere at login"] = attempt =>
            attempt.Browser.SendLoginAsync(attempt.Platform.Login() with { TargetLinkUri = Elsewhere }, HttpMethod.Post),
        ["login_hint missing at login"] = attempt =>
            attempt.Browser.SendLoginAsync(attempt.Platform.Login() with { LoginHint = null }, HttpMethod.Get),
        ["platform unknown at login"] = attempt =>
            attempt.Browser.SendLoginAsync(attempt.Platform.Login() with { Issuer = "https://unregistered-lms.example.org" }, HttpMethod.Post),
        ["issuer ambiguous without client_id"] = AmbiguousIssuerAsync,
    };

    public static TheoryData<string, int, string> Cases => new()
    {
        { "alg none", 400, "algorithm_not_allowed" },
        { "HS256 keyed with the platform's public key", 400, "algorithm_not_allowed" },
        { "kid missing", 400, "kid_missing" },
        { "kid unknown, JWKS refetched once then rate-limited", 400, "kid_unknown" },
        { "kid of an EC key", 400, "key_not_allowed" },
        { "kid of a 1024-bit RSA key", 400, "key_not_allowed" },
        { "jku header naming an attacker's key set", 400, "signature_invalid" },
        { "jwk header embedding an attacker's key", 400, "signature_invalid" },
        { "signature altered", 400, "signature_invalid" },
        { "signed by another key under the platform's kid", 400, "signature_invalid" },
        { "iss of another platform", 400, "issuer_mismatch" },
        { "iss twice, the last of another platform", 400, "issuer_mismatch" },
        { "aud twice, the last without our client id", 400, "audience_mismatch" },
        { "nonce twice, the last of another login", 400, "nonce_mismatch" },
        { "aud without our client id", 400, "audience_mismatch" },
        { "several aud without azp", 400, "azp_mismatch" },
        { "azp of another client", 400, "azp_mismatch" },
        { "exp past the leeway", 400, "token_expired" },
        { "iat in the future", 400, "token_not_yet_valid" },
        { "nbf in the future", 400, "token_not_yet_valid" },
        { "nonce of another login", 400, "nonce_mismatch" },
        { "nonce already used", 400, "nonce_replayed" },
        { "state replayed with the same launch", 400, "state_replayed" },
        { "state never issued", 400, "state_unknown" },
        { "state expired", 400, "state_expired" },
        { "state missing", 400, "state_missing" },
        { "login cookie missing", 400, "state_cookie_missing" },
        { "login cookie of another login", 400, "state_cookie_mismatch" },
        { "id_token missing", 400, "id_token_missing" },
        { "id_token not a JWS", 400, "id_token_malformed" },
        { "platform error instead of id_token", 400, "platform_error" },
        { "message type unsupported", 400, "message_type_unsupported" },
        { "version 1.1", 400, "version_unsupported" },
        { "deployment_id missing", 400, "claim_missing" },
        { "deployment_id differs from login", 400, "deployment_mismatch" },
        { "deployment unseen at launch", 403, "deployment_pending" },
        { "deployment unseen at login", 403, "deployment_pending" },
        { "sub missing", 400, "claim_missing" },
        { "sub longer than 255 characters", 400, "claim_invalid" },
        { "submission review without for_user", 400, "claim_missing" },
        { "deep linking without return URL", 400, "claim_missing" },
        { "roles missing", 400, "claim_missing" },
        { "roles a single string, not an array", 400, "claim_invalid" },
        { "exp a string", 400, "claim_invalid" },
        { "resource link missing", 400, "claim_missing" },
        { "target_link_uri claim elsewhere", 400, "target_link_uri_mismatch" },
        { "target_link_uri elsewhere at login", 400, "target_link_uri_not_allowed" },
        { "login_hint missing at login", 400, "login_parameter_missing" },
        { "platform unknown at login", 400, "unknown_platform" },
        { "issuer ambiguous without client_id", 400, "ambiguous_platform" },
    };

    [Fact]
    public void Cases_EachHasScenario()
    {
        Assert.Equal(Scenarios.Keys.Order(StringComparer.Ordinal), Cases.Select(row => row.Data.Item1).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Launch_BadInput_RejectedWithReasonAndNoSession(string scenario, int status, string reason)
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);

        using var response = await Scenarios[scenario](attempt);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(reason, Assert.Single(response.Headers.GetValues(LaunchErrorResult.ReasonHeader)));
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain(SetCookieHeader.All(response), cookie => cookie.Name == SessionCookies.SessionCookieName);
        Assert.Equal(attempt.ExpectedSessions, await tool.Host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Fact]
    public async Task Deployment_ApprovedAfterPending_NewLaunchStartsSession()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        const string NewDeployment = "412:new-install";

        using (var rejected = await LaunchFromDeploymentAsync(attempt, NewDeployment))
        {
            Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
        }

        Assert.Equal("Pending", await tool.Host.Database.Database.DeploymentStatusAsync(platform.RegistrationId, NewDeployment));
        Assert.True(await tool.Host.Registry.ApproveDeploymentAsync(platform.RegistrationId, NewDeployment, cancellationToken));
        Assert.Equal("Active", await tool.Host.Database.Database.DeploymentStatusAsync(platform.RegistrationId, NewDeployment));

        using var accepted = await LaunchFromDeploymentAsync(attempt, NewDeployment);
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
        var session = Assert.Single(await tool.Host.Database.Database.SessionsAsync(platform.RegistrationId));
        Assert.Equal(NewDeployment, session.DeploymentId);
    }

    [Fact]
    public async Task Launch_JwksDown_BadGatewayThenNoRefetch()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        tool.Host.PlatformServer
            .Given(WireMock.RequestBuilders.Request.Create().WithPath(platform.JwksPath).UsingGet())
            .AtPriority(0)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        using var attempt = new LaunchAttempt(tool.Host, platform);

        using var first = await attempt.LaunchAsync();
        var fetchesAfterFirst = platform.JwksRequestCount;
        using var second = await attempt.LaunchAsync();

        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal("jwks_unavailable", first.Headers.GetValues(LaunchErrorResult.ReasonHeader).Single());
        Assert.Equal("jwks_unavailable", second.Headers.GetValues(LaunchErrorResult.ReasonHeader).Single());
        Assert.InRange(fetchesAfterFirst, 1, 4);
        Assert.Equal(fetchesAfterFirst, platform.JwksRequestCount);
        Assert.Equal(0, await tool.Host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Fact]
    public async Task Launch_SameStateRacedFiveTimes_ExactlyOneSession()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());
        var idToken = platform.Token(login).Build();
        var cookie = $"{SessionCookies.LoginCookieName(login.State)}={attempt.Browser.Cookies[SessionCookies.LoginCookieName(login.State)]}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var raceClient = tool.Host.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            {
                BaseAddress = LtiToolHost.ToolOrigin,
                AllowAutoRedirect = false,
                HandleCookies = false,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/lti/launch")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = login.State, ["id_token"] = idToken }),
            };
            request.Headers.Add("Cookie", cookie);
            using var response = await raceClient.SendAsync(request, TestContext.Current.CancellationToken);
            return (response.StatusCode, Reason: response.Headers.TryGetValues(LaunchErrorResult.ReasonHeader, out var values) ? values.Single() : null);
        }));

        Assert.Single(responses, response => response.StatusCode == HttpStatusCode.SeeOther);
        Assert.Equal(4, responses.Count(response => response.Reason == "state_replayed"));
        Assert.Equal(1, await tool.Host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Fact]
    public async Task Launch_AfterRejectedToken_StateIsSpent()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());
        var bindingCookie = attempt.Browser.Cookies[SessionCookies.LoginCookieName(login.State)];

        using var rejected = await attempt.LaunchAsync(login, token => token.WithCorruptSignature());
        attempt.Browser.Cookies[SessionCookies.LoginCookieName(login.State)] = bindingCookie;
        using var retried = await attempt.LaunchAsync(login);

        Assert.Equal("signature_invalid", rejected.Headers.GetValues(LaunchErrorResult.ReasonHeader).Single());
        Assert.Equal(HttpStatusCode.BadRequest, retried.StatusCode);
        Assert.Equal("state_replayed", retried.Headers.GetValues(LaunchErrorResult.ReasonHeader).Single());
        Assert.Equal(0, await tool.Host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }

    [Fact]
    public async Task Launch_NonceAlreadyUsed_OnlyStateSpent()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());
        var database = tool.Host.Database.Database;
        await database.ExecuteAsync(
            "INSERT INTO used_nonces (registration_id, nonce, expires_at_ms) VALUES (@RegistrationId, @Nonce, @ExpiresAtMs)",
            new { platform.RegistrationId, login.Nonce, ExpiresAtMs = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() });

        using var response = await attempt.LaunchAsync(login);

        Assert.Equal("nonce_replayed", response.Headers.GetValues(LaunchErrorResult.ReasonHeader).Single());
        Assert.NotNull(await database.ScalarAsync<long?>(
            "SELECT consumed_at_ms FROM login_states WHERE state = @State", new { login.State }));
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM lti_users WHERE registration_id = @RegistrationId", new { platform.RegistrationId }));
        Assert.Equal(0, await database.CountSessionsAsync(platform.RegistrationId));
    }

    private static async Task<HttpResponseMessage> LaunchFromDeploymentAsync(LaunchAttempt attempt, string deploymentId)
    {
        // lti_deployment_id is optional in login initiation. Without it, the tool first sees the deployment in the token.
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login() with { DeploymentId = null });
        return await attempt.LaunchAsync(login, token => token.With(LtiClaimNames.DeploymentId, deploymentId));
    }

    private static async Task<HttpResponseMessage> UnknownKidAsync(LaunchAttempt attempt)
    {
        // An unknown kid may be a key the platform just rotated in, so the tool fetches the JWKS.
        using (var first = await attempt.LaunchAsync(token => token.WithHeader("kid", "rotated-in-key")))
        {
            Assert.Equal("kid_unknown", first.Headers.GetValues(LaunchErrorResult.ReasonHeader).Single());
        }

        Assert.Equal(1, attempt.Platform.JwksRequestCount);

        // More unknown kids inside Lti:JwksRefetchIntervalSeconds do not reach the platform.
        using (var second = await attempt.LaunchAsync(token => token.WithHeader("kid", "made-up-key-1")))
        {
            Assert.Equal("kid_unknown", second.Headers.GetValues(LaunchErrorResult.ReasonHeader).Single());
        }

        var third = await attempt.LaunchAsync(token => token.WithHeader("kid", "made-up-key-2"));
        Assert.Equal(1, attempt.Platform.JwksRequestCount);
        return third;
    }

    private static async Task<HttpResponseMessage> AttackerKeySetAsync(LaunchAttempt attempt)
    {
        // The key comes from the registration's JWKS URL only, so a jku in the header is never fetched.
        var attacker = new PlatformKey(attempt.Platform.Key.Kid);
        var attackerPath = "/attacker-" + Guid.NewGuid().ToString("N") + "/jwks";
        attempt.Host.PlatformServer
            .Given(WireMock.RequestBuilders.Request.Create().WithPath(attackerPath).UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200)
                .WithBody(new JsonObject { ["keys"] = new JsonArray(attacker.ToPublicJwk()) }.ToJsonString()));

        var response = await attempt.LaunchAsync(token => token
            .WithHeader("jku", attempt.Host.PlatformBaseUrl + attackerPath)
            .SignedBy(attacker.Rsa));

        Assert.DoesNotContain(attempt.Host.PlatformServer.LogEntries, entry => entry.RequestMessage.Path == attackerPath);
        return response;
    }

    private static Task<HttpResponseMessage> EcKeyAsync(LaunchAttempt attempt)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ec.ExportParameters(false);
        var ecJwk = new JsonObject
        {
            ["kty"] = "EC",
            ["kid"] = "ec-key",
            ["use"] = "sig",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
        };
        attempt.Platform.ServeJwks(attempt.Platform.Key.ToPublicJwk(), ecJwk);
        return attempt.LaunchAsync(token => token.WithHeader("kid", "ec-key"));
    }

    private static Task<HttpResponseMessage> SmallRsaKeyAsync(LaunchAttempt attempt)
    {
        var small = new PlatformKey("small-key", 1024);
        attempt.Platform.ServeJwks(attempt.Platform.Key.ToPublicJwk(), small.ToPublicJwk());
        return attempt.LaunchAsync(token => token.WithHeader("kid", small.Kid).SignedBy(small.Rsa));
    }

    private static async Task<HttpResponseMessage> NonceUsedAsync(LaunchAttempt attempt)
    {
        // Two logins never share a nonce, so the replay is staged as a nonce another node already
        // recorded for this registration.
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        await attempt.Host.Database.Database.ExecuteAsync(
            "INSERT INTO used_nonces (registration_id, nonce, expires_at_ms) VALUES (@RegistrationId, @Nonce, @ExpiresAtMs)",
            new { attempt.Platform.RegistrationId, login.Nonce, ExpiresAtMs = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() });
        return await attempt.LaunchAsync(login);
    }

    private static async Task<HttpResponseMessage> StateReplayedAsync(LaunchAttempt attempt)
    {
        attempt.ExpectedSessions = 1;
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        var idToken = attempt.Platform.Token(login).Build();
        var bindingCookie = attempt.Browser.Cookies[SessionCookies.LoginCookieName(login.State)];
        using (var first = await attempt.Browser.LaunchAsync(login, idToken))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        }

        // A replay carries the whole request again, cookie included.
        attempt.Browser.Cookies[SessionCookies.LoginCookieName(login.State)] = bindingCookie;
        return await attempt.Browser.LaunchAsync(login, idToken);
    }

    private static async Task<HttpResponseMessage> StateUnknownAsync(LaunchAttempt attempt)
    {
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        var forged = login with { Parameters = new Dictionary<string, string>(login.Parameters) { ["state"] = Tokens.NewRandom() } };
        return await attempt.Browser.LaunchAsync(forged, attempt.Platform.Token(login).Build());
    }

    private static async Task<HttpResponseMessage> StateExpiredAsync(LaunchAttempt attempt)
    {
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        await attempt.Host.Database.Database.ExecuteAsync(
            "UPDATE login_states SET expires_at_ms = @ExpiresAtMs WHERE state = @State",
            new { login.State, ExpiresAtMs = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds() });
        return await attempt.LaunchAsync(login);
    }

    private static async Task<HttpResponseMessage> LoginCookieMissingAsync(LaunchAttempt attempt)
    {
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        attempt.Browser.Cookies.Clear();
        return await attempt.LaunchAsync(login);
    }

    private static async Task<HttpResponseMessage> LoginCookieSwappedAsync(LaunchAttempt attempt)
    {
        var victim = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        var other = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        attempt.Browser.Cookies[SessionCookies.LoginCookieName(victim.State)] =
            attempt.Browser.Cookies[SessionCookies.LoginCookieName(other.State)];
        return await attempt.LaunchAsync(victim);
    }

    private static async Task<HttpResponseMessage> IdTokenMissingAsync(LaunchAttempt attempt)
    {
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        return await attempt.Browser.LaunchAsync(new Dictionary<string, string> { ["state"] = login.State });
    }

    private static async Task<HttpResponseMessage> IdTokenMalformedAsync(LaunchAttempt attempt)
    {
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        return await attempt.Browser.LaunchAsync(login, "not-a-jws");
    }

    private static async Task<HttpResponseMessage> PlatformErrorAsync(LaunchAttempt attempt)
    {
        var login = await attempt.Browser.LoginAsync(attempt.Platform.Login());
        return await attempt.Browser.LaunchAsync(new Dictionary<string, string>
        {
            ["error"] = "login_required",
            ["error_description"] = "The user is not signed in to the LMS.",
            ["state"] = login.State,
        });
    }

    private static async Task<HttpResponseMessage> UnseenDeploymentAtLaunchAsync(LaunchAttempt attempt)
    {
        var response = await LaunchFromDeploymentAsync(attempt, "unseen-at-launch");
        Assert.Equal("Pending", await attempt.Host.Database.Database.DeploymentStatusAsync(attempt.Platform.RegistrationId, "unseen-at-launch"));
        return response;
    }

    private static async Task<HttpResponseMessage> UnseenDeploymentAtLoginAsync(LaunchAttempt attempt)
    {
        var response = await attempt.Browser.SendLoginAsync(attempt.Platform.Login("unseen-at-login"), HttpMethod.Get);
        Assert.Equal("Pending", await attempt.Host.Database.Database.DeploymentStatusAsync(attempt.Platform.RegistrationId, "unseen-at-login"));
        return response;
    }

    private static async Task<HttpResponseMessage> AmbiguousIssuerAsync(LaunchAttempt attempt)
    {
        // Canvas and Schoology use one issuer for every customer, so a second client id makes it ambiguous.
        await attempt.Host.RegisterPlatformAsync(issuer: attempt.Platform.Issuer);
        return await attempt.Browser.SendLoginAsync(attempt.Platform.Login() with { ClientId = null }, HttpMethod.Post);
    }
}
