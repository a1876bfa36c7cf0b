using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Services;
using LtiPd.LtiTool.Services.Ags;
using LtiPd.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using WireMock.RequestBuilders;

namespace LtiPd.LtiTool.IntegrationTests.Services;

public sealed class AccessTokenClientTests
{
    [Fact]
    public async Task Get_ClientAssertion_HasRequiredClaimsAndKid()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(DatabaseProvider.Sqlite, "https://canvas.instructure.com", null, null, cancellationToken);
        LmsMocks.GivenToken(world.Lms);

        var (token, failure) = await world.Get<AccessTokenClient>().GetAsync(world.Registration, [AgsScopes.Score, AgsScopes.LineItem], cancellationToken);

        Assert.Equal("access-token-1", token);
        Assert.Null(failure);
        var form = QueryHelpers.ParseQuery(LmsMocks.BodiesTo(world.Lms, LmsMocks.TokenPath).Single());
        Assert.Equal("client_credentials", form["grant_type"].ToString());
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"].ToString());
        Assert.Equal($"{AgsScopes.LineItem} {AgsScopes.Score}", form["scope"].ToString());
        var assertion = new JsonWebToken(form["client_assertion"].ToString());
        var keys = await world.Get<ToolKeyStore>().ListAsync(cancellationToken);
        Assert.Equal(keys.Single().KeyId, assertion.Kid);
        Assert.Equal("RS256", assertion.Alg);
        Assert.Equal(LmsServiceWorld.ClientId, assertion.Issuer);
        Assert.Equal(LmsServiceWorld.ClientId, assertion.Subject);
        Assert.Equal(world.LmsUrl + LmsMocks.TokenPath, assertion.Audiences.Single());
        Assert.Equal(world.Time.GetUtcNow().AddSeconds(-5).UtcDateTime, assertion.IssuedAt);
        Assert.Equal(world.Time.GetUtcNow().AddSeconds(55).UtcDateTime, assertion.ValidTo);
        Assert.True(assertion.Id.Length >= 20);
    }

    [Fact]
    public async Task Get_TokenAudienceSet_UsedAsAud()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(DatabaseProvider.Sqlite, "https://moodle.example.org", null, null, cancellationToken, tokenAudience: "https://moodle.example.org/mod/lti/token.php");
        LmsMocks.GivenToken(world.Lms);

        await world.Get<AccessTokenClient>().GetAsync(world.Registration, [AgsScopes.Score], cancellationToken);

        var form = QueryHelpers.ParseQuery(LmsMocks.BodiesTo(world.Lms, LmsMocks.TokenPath).Single());
        Assert.Equal("https://moodle.example.org/mod/lti/token.php", new JsonWebToken(form["client_assertion"].ToString()).Audiences.Single());
    }

    [Fact]
    public async Task Get_Cached_UntilShortlyBeforeExpiry()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(DatabaseProvider.Sqlite, "https://canvas.instructure.com", null, null, cancellationToken);
        LmsMocks.GivenToken(world.Lms);
        var tokens = world.Get<AccessTokenClient>();

        await tokens.GetAsync(world.Registration, [AgsScopes.Score], cancellationToken);
        world.Time.Advance(TimeSpan.FromSeconds(3539));
        await tokens.GetAsync(world.Registration, [AgsScopes.Score], cancellationToken);
        var beforeMargin = LmsMocks.RequestsTo(world.Lms, LmsMocks.TokenPath).Count;
        await tokens.GetAsync(world.Registration, [AgsScopes.ResultReadOnly], cancellationToken);
        world.Time.Advance(TimeSpan.FromSeconds(1));
        await tokens.GetAsync(world.Registration, [AgsScopes.Score], cancellationToken);

        Assert.Equal(1, beforeMargin);
        Assert.Equal(3, LmsMocks.RequestsTo(world.Lms, LmsMocks.TokenPath).Count);
    }

    [Fact]
    public async Task Get_PlatformRejects_ReturnsOAuthError()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(DatabaseProvider.Sqlite, "https://canvas.instructure.com", null, null, cancellationToken);
        world.Lms.Given(Request.Create().WithPath(LmsMocks.TokenPath).UsingPost()).RespondWith(
            LmsMocks.Json(400, "application/json", """{"error":"invalid_request","error_description":"JWS signature invalid."}"""));

        var (token, failure) = await world.Get<AccessTokenClient>().GetAsync(world.Registration, [AgsScopes.Score], cancellationToken);

        Assert.Null(token);
        Assert.True(failure!.TokenFailed);
        Assert.Contains("invalid_request: JWS signature invalid.", failure.Error, StringComparison.Ordinal);
    }
}
