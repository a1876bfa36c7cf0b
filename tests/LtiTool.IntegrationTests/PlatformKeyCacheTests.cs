using System.Net;
using System.Text.Json.Nodes;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Jwks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>
/// The platform key cache against a JWKS served by WireMock, on a fake clock, so each rule about
/// when the tool refetches is checked by counting requests.
/// </summary>
public sealed class PlatformKeyCacheTests : IDisposable
{
    private const string JwksPath = "/api/lti/security/jwks";

    private readonly WireMockServer _platform = LoopbackWireMock.Start();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly PlatformKey _keyA = new("2025-12-01T00:00:04Z");
    private readonly PlatformKey _keyB = new("2026-01-01T00:00:00Z");
    private readonly LtiOptions _options = new() { JwksCacheSeconds = 3600, JwksRefetchIntervalSeconds = 10 };

    private string JwksUrl => _platform.Url + JwksPath;

    private int Fetches => _platform.LogEntries.Count(entry => entry.RequestMessage.Path == JwksPath);

    [Fact]
    public async Task FindSigningKey_RotatedKey_PickedUpAtOnce()
    {
        var cache = CreateCache();
        Serve(null, _keyA.ToPublicJwk());
        Assert.Equal(KeyLookupStatus.Found, (await FindAsync(cache, _keyA.Kid)).Status);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Serve(null, _keyA.ToPublicJwk(), _keyB.ToPublicJwk());
        var rotated = await FindAsync(cache, _keyB.Kid);

        Assert.Equal(KeyLookupStatus.Found, rotated.Status);
        Assert.Equal(_keyB.Kid, rotated.Key!.Kid);
        Assert.Equal(2, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_KnownKidWhileFresh_NoRefetch()
    {
        var cache = CreateCache();
        Serve(null, _keyA.ToPublicJwk());

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(KeyLookupStatus.Found, (await FindAsync(cache, _keyA.Kid)).Status);
            _clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(1, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_UnknownKids_RefetchAtMostOncePerInterval()
    {
        var cache = CreateCache();
        Serve(null, _keyA.ToPublicJwk());
        await FindAsync(cache, _keyA.Kid);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(KeyLookupStatus.UnknownKid, (await FindAsync(cache, "made-up-1")).Status);
        Assert.Equal(1, Fetches);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(KeyLookupStatus.UnknownKid, (await FindAsync(cache, "made-up-2")).Status);
        Assert.Equal(2, Fetches);

        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(KeyLookupStatus.UnknownKid, (await FindAsync(cache, "made-up-3")).Status);
        Assert.Equal(KeyLookupStatus.Found, (await FindAsync(cache, _keyA.Kid)).Status);
        Assert.Equal(2, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_ConcurrentUnknownKids_OneFetch()
    {
        var cache = CreateCache();
        Serve(null, _keyA.ToPublicJwk());

        var lookups = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => FindAsync(cache, $"made-up-{i}")));

        Assert.All(lookups, lookup => Assert.Equal(KeyLookupStatus.UnknownKid, lookup.Status));
        Assert.Equal(1, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_JwksDownWithCachedCopy_UsesCachedKey()
    {
        var cache = CreateCache();
        Serve(null, _keyA.ToPublicJwk());
        await FindAsync(cache, _keyA.Kid);

        _clock.Advance(TimeSpan.FromHours(2));
        ServeFailure(HttpStatusCode.ServiceUnavailable);
        var known = await FindAsync(cache, _keyA.Kid);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var unknown = await FindAsync(cache, "rotated-in-during-outage");

        Assert.Equal(KeyLookupStatus.Found, known.Status);
        Assert.Equal(KeyLookupStatus.Unavailable, unknown.Status);
        Assert.Equal(3, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_JwksDownWithoutCache_Unavailable()
    {
        var cache = CreateCache();
        ServeFailure(HttpStatusCode.InternalServerError);

        var lookup = await FindAsync(cache, _keyA.Kid);

        Assert.Equal(KeyLookupStatus.Unavailable, lookup.Status);
    }

    [Fact]
    public async Task FindSigningKey_JwksDownWithoutCache_RefetchAtMostOncePerInterval()
    {
        var cache = CreateCache();
        ServeFailure(HttpStatusCode.BadGateway);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(KeyLookupStatus.Unavailable, (await FindAsync(cache, $"kid-{i}")).Status);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, Fetches);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Serve(null, _keyA.ToPublicJwk());
        Assert.Equal(KeyLookupStatus.Found, (await FindAsync(cache, _keyA.Kid)).Status);
        Assert.Equal(2, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_SlowFailingFetch_IntervalCountsFromItsEnd()
    {
        // Retries can make one failing fetch outlast the refetch interval; the clock moves 15 s
        // while the request is in flight.
        var cache = new PlatformKeyCache(
            new ClockAdvancingHttpClientFactory(_clock, TimeSpan.FromSeconds(15)),
            new FixedOptionsMonitor<LtiOptions>(_options),
            _clock,
            NullLogger<PlatformKeyCache>.Instance);
        ServeFailure(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(KeyLookupStatus.Unavailable, (await FindAsync(cache, _keyA.Kid)).Status);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(KeyLookupStatus.Unavailable, (await FindAsync(cache, _keyA.Kid)).Status);

        Assert.Equal(1, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_JwksNotJson_Unavailable()
    {
        var cache = CreateCache();
        _platform.Given(Request.Create().WithPath(JwksPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("<html>maintenance</html>"));

        var lookup = await FindAsync(cache, _keyA.Kid);

        Assert.Equal(KeyLookupStatus.Unavailable, lookup.Status);
    }

    [Theory]
    [InlineData(120, 119, 1)]
    [InlineData(120, 121, 2)]
    [InlineData(5, 59, 1)]
    [InlineData(5, 61, 2)]
    [InlineData(7200, 3599, 1)]
    [InlineData(7200, 3601, 2)]
    public async Task FindSigningKey_MaxAge_HonouredWithinBounds(int maxAgeSeconds, int elapsedSeconds, int expectedFetches)
    {
        var cache = CreateCache();
        Serve(maxAgeSeconds, _keyA.ToPublicJwk());
        await FindAsync(cache, _keyA.Kid);

        _clock.Advance(TimeSpan.FromSeconds(elapsedSeconds));
        await FindAsync(cache, _keyA.Kid);

        Assert.Equal(expectedFetches, Fetches);
    }

    [Fact]
    public async Task FindSigningKey_KeysUnfitForRs256_NotAllowed()
    {
        var cache = CreateCache();
        using var small = new PlatformKey("small", 1024);
        var encryption = _keyB.ToPublicJwk();
        encryption["kid"] = "encryption";
        encryption["use"] = "enc";
        var otherAlgorithm = _keyB.ToPublicJwk();
        otherAlgorithm["kid"] = "rs512";
        otherAlgorithm["alg"] = "RS512";
        var hmac = new JsonObject { ["kty"] = "oct", ["kid"] = "hmac", ["k"] = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0" };
        Serve(null, _keyA.ToPublicJwk(), small.ToPublicJwk(), encryption, otherAlgorithm, hmac);

        Assert.Equal(KeyLookupStatus.Found, (await FindAsync(cache, _keyA.Kid)).Status);
        Assert.Equal("RSA key has 1024 bits, fewer than 2048", (await FindAsync(cache, "small")).Detail);
        Assert.Equal("key use enc is not sig", (await FindAsync(cache, "encryption")).Detail);
        Assert.Equal("key alg RS512 is not allowed", (await FindAsync(cache, "rs512")).Detail);
        Assert.Equal("key type oct is not RSA", (await FindAsync(cache, "hmac")).Detail);
        Assert.Equal(KeyLookupStatus.NotAllowed, (await FindAsync(cache, "hmac")).Status);
    }

    public void Dispose()
    {
        _platform.Stop();
        _platform.Dispose();
        _keyA.Dispose();
        _keyB.Dispose();
    }

    private PlatformKeyCache CreateCache() =>
        new(new PlainHttpClientFactory(), new FixedOptionsMonitor<LtiOptions>(_options), _clock, NullLogger<PlatformKeyCache>.Instance);

    private Task<KeyLookupResult> FindAsync(PlatformKeyCache cache, string kid) =>
        cache.FindSigningKeyAsync(JwksUrl, kid, TestContext.Current.CancellationToken);

    private void Serve(int? maxAgeSeconds, params JsonObject[] keys)
    {
        var response = Response.Create()
            .WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithBody(new JsonObject { ["keys"] = new JsonArray(keys.Select(key => (JsonNode)key).ToArray()) }.ToJsonString());
        if (maxAgeSeconds is { } maxAge)
        {
            response = response.WithHeader("Cache-Control", $"max-age={maxAge}");
        }

        _platform.ResetMappings();
        _platform.Given(Request.Create().WithPath(JwksPath).UsingGet()).RespondWith(response);
    }

    private void ServeFailure(HttpStatusCode status)
    {
        _platform.ResetMappings();
        _platform.Given(Request.Create().WithPath(JwksPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(status));
    }

    private sealed class ClockAdvancingHttpClientFactory(FakeTimeProvider clock, TimeSpan delay) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new ClockAdvancingHandler(clock, delay) { InnerHandler = new HttpClientHandler() });
    }

    private sealed class ClockAdvancingHandler(FakeTimeProvider clock, TimeSpan delay) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            clock.Advance(delay);
            return response;
        }
    }
}
