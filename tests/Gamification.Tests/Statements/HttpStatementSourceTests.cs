using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LtiPd.Gamification.Statements;
using LtiPd.Gamification.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace LtiPd.Gamification.Tests.Statements;

public sealed class HttpStatementSourceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private readonly WireMockServer _lrs;
    private readonly HttpClient _httpClient = new();

    public HttpStatementSourceTests()
    {
        _lrs = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAfter_FirstRead_StopsAtConsistentThrough()
    {
        var s1 = Statement(T0);
        var s2 = Statement(T0.AddSeconds(1));
        var late = Statement(T0.AddSeconds(30));
        Page("/xapi/statements", [s1], more: "/xapi/statements/more/page-2", consistentThrough: T0.AddSeconds(10));
        Page("/xapi/statements/more/page-2", [s2, late], more: null, consistentThrough: T0.AddSeconds(10));

        var batch = await CreateSource().ReadAfterAsync(null, 100, Token);

        Assert.Equal([s1.Id, s2.Id], batch.Statements.Select(s => s.Id));
        Assert.Equal(Ms(T0.AddSeconds(10)), batch.Watermark);
        Assert.False(batch.HasMore);
        var first = _lrs.LogEntries[0].RequestMessage;
        Assert.Equal("true", first.Query!["ascending"].Single());
        Assert.False(first.Query.ContainsKey("since"));
        Assert.Equal("1.0.3", first.Headers!["X-Experience-API-Version"].Single());
    }

    [Fact]
    public async Task ReadAfter_Overlap_DropsSeenIds()
    {
        var s1 = Statement(T0);
        var s2 = Statement(T0);
        var s3 = Statement(T0.AddMilliseconds(500));
        Page("/xapi/statements", [s1], more: null, consistentThrough: T0, priority: 10);
        var source = CreateSource();
        var first = await source.ReadAfterAsync(null, 100, Token);
        _lrs.Reset();
        Page("/xapi/statements", [s1, s2, s3], more: null, consistentThrough: T0.AddSeconds(5));

        var second = await source.ReadAfterAsync(first.Watermark, 100, Token);

        Assert.Equal([s2.Id, s3.Id], second.Statements.Select(s => s.Id));
        var since = _lrs.LogEntries.Single().RequestMessage.Query!["since"].Single();
        Assert.Equal("2026-09-14T14:59:59.000Z", since);
        Assert.Equal(Ms(T0.AddSeconds(5)), second.Watermark);
    }

    [Fact]
    public async Task ReadAfter_CutAtMaxCount_NextReadUsesSince()
    {
        var statements = Enumerable.Range(0, 3).Select(i => Statement(T0.AddSeconds(i))).ToList();
        Page("/xapi/statements", statements, more: "/xapi/statements/more/expiring", consistentThrough: T0.AddMinutes(1));
        Page("/xapi/statements/more/expiring", [], more: null, consistentThrough: T0.AddMinutes(1));
        var source = CreateSource();

        var first = await source.ReadAfterAsync(null, 2, Token);
        var requestsBefore = _lrs.LogEntries.Count;
        var second = await source.ReadAfterAsync(first.Watermark, 2, Token);

        Assert.True(first.HasMore);
        Assert.Equal(1, requestsBefore);
        Assert.Equal(Ms(T0.AddSeconds(1)), first.Watermark);
        Assert.Equal([statements[2].Id], second.Statements.Select(s => s.Id));
        var secondStart = _lrs.LogEntries[1].RequestMessage;
        Assert.Equal("/xapi/statements", secondStart.Path);
        Assert.Equal("2026-09-14T15:00:00.000Z", secondStart.Query!["since"].Single());
    }

    [Fact]
    public async Task ReadAfter_NoConsistentThrough_KeepsLastStored()
    {
        var s1 = Statement(T0);
        Page("/xapi/statements", [s1], more: null, consistentThrough: null);

        var batch = await CreateSource().ReadAfterAsync(null, 100, Token);

        Assert.Equal(Ms(T0), batch.Watermark);
    }

    [Fact]
    public async Task ReadAfter_MoreOnOtherHost_Throws()
    {
        Page("/xapi/statements", [Statement(T0)], more: "http://198.51.100.7/xapi/statements/more/x", consistentThrough: T0.AddMinutes(1));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateSource().ReadAfterAsync(null, 100, Token));

        Assert.Contains("198.51.100.7", exception.Message, StringComparison.Ordinal);
        Assert.Single(_lrs.LogEntries);
    }

    [Fact]
    public async Task ReadAfter_Unauthorized_ThrowsWithStatus()
    {
        _lrs.Given(Request.Create().WithPath("/xapi/statements").UsingGet()).RespondWith(Response.Create().WithStatusCode(401));

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => CreateSource().ReadAfterAsync(null, 100, Token));

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Contains("401", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAfter_InvalidWatermark_ThrowsNamingIt()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => CreateSource().ReadAfterAsync("yesterday", 100, Token));

        Assert.Contains("'yesterday'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAfter_BasicCredentials_SendsAuthorization()
    {
        Page("/xapi/statements", [], more: null, consistentThrough: T0);
        var source = new HttpStatementSource(
            _httpClient,
            new HttpStatementSourceOptions { Endpoint = new Uri(_lrs.Url + "/xapi/"), Username = "key", Password = "secret" },
            NullLogger<HttpStatementSource>.Instance);

        await source.ReadAfterAsync(null, 10, Token);

        Assert.Equal("Basic a2V5OnNlY3JldA==", _lrs.LogEntries.Single().RequestMessage.Headers!["Authorization"].Single());
    }

    public void Dispose()
    {
        _lrs.Stop();
        _lrs.Dispose();
        _httpClient.Dispose();
    }

    private HttpStatementSource CreateSource() => new(
        _httpClient,
        new HttpStatementSourceOptions { Endpoint = new Uri(_lrs.Url + "/xapi"), PageSize = 50, OverlapMilliseconds = 1000 },
        NullLogger<HttpStatementSource>.Instance);

    private void Page(string path, IReadOnlyList<StatementJson> statements, string? more, DateTimeOffset? consistentThrough, int priority = 1)
    {
        var body = new JsonObject { ["statements"] = new JsonArray(statements.Select(s => (JsonNode)s.ToJson()).ToArray()) };
        if (more is not null)
        {
            body["more"] = more;
        }

        var response = Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body.ToJsonString());
        if (consistentThrough is { } through)
        {
            response = response.WithHeader("X-Experience-API-Consistent-Through", through.ToString("O", CultureInfo.InvariantCulture));
        }

        _lrs.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(priority).RespondWith(response);
    }

    private static StatementJson Statement(DateTimeOffset stored) => new() { Stored = stored };

    private static string Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
