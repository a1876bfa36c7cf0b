using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

/// <summary>
/// The read-only analyst credentials (<c>all/read</c>, <c>statements/read</c>) over HTTP: no
/// write gets through, no other district's statement is visible, and the export follows the
/// same rules.
/// </summary>
public sealed class AnalystAccessTests : IClassFixture<AnalystAccessTests.AnalystLrsFixture>
{
    private const string AllReadKey = "district-a-analyst-all-read";
    private const string StatementsReadKey = "district-a-analyst-statements-read";
    private const string WriteOnlyKey = "district-a-writer";
    private const string Agent = "{\"mbox\":\"mailto:teacher@district.example\"}";
    private const string ActivityId = "https://pd.example.edu/modules/analyst-check";

    private readonly LrsApiFactory _factory;

    public AnalystAccessTests(AnalystLrsFixture fixture)
    {
        _factory = fixture.Factory;
    }

    public static TheoryData<string, string, string> WriteRequests()
    {
        var state = $"/xapi/activities/state?activityId={Uri.EscapeDataString(ActivityId)}&agent={Uri.EscapeDataString(Agent)}&stateId=bookmark";
        var activityProfile = $"/xapi/activities/profile?activityId={Uri.EscapeDataString(ActivityId)}&profileId=notes";
        var agentProfile = $"/xapi/agents/profile?agent={Uri.EscapeDataString(Agent)}&profileId=notes";
        var rows = new TheoryData<string, string, string>();
        foreach (var key in new[] { AllReadKey, StatementsReadKey })
        {
            rows.Add(key, "POST", "/xapi/statements");
            rows.Add(key, "PUT", "/xapi/statements?statementId=" + Guid.NewGuid().ToString("D"));
            rows.Add(key, "PUT", state);
            rows.Add(key, "POST", state);
            rows.Add(key, "DELETE", state);
            rows.Add(key, "PUT", activityProfile);
            rows.Add(key, "DELETE", activityProfile);
            rows.Add(key, "PUT", agentProfile);
            rows.Add(key, "DELETE", agentProfile);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(WriteRequests))]
    public async Task ReadOnlyCredential_Write_403(string key, string method, string path)
    {
        using var client = _factory.CreateLrsClient(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "DELETE" ? null : Json.Body(path.StartsWith("/xapi/statements", StringComparison.Ordinal) ? Json.Statement() : new JsonObject { ["x"] = 1 }),
        };

        using var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(AllReadKey)]
    [InlineData(StatementsReadKey)]
    public async Task ReadOnlyCredential_AlternateSyntaxPut_403AndNothingStored(string key)
    {
        using var client = _factory.CreateLrsClient(key);
        var id = Guid.NewGuid().ToString("D");
        var form = $"method=PUT&statementId={id}&X-Experience-API-Version=1.0.3&Content-Type=application%2Fjson"
            + $"&Authorization={Uri.EscapeDataString(client.DefaultRequestHeaders.Authorization!.ToString())}&content={Uri.EscapeDataString(Json.Statement().ToJsonString())}";
        using var plain = _factory.CreateClient();

        using var response = await plain.PostAsync("/xapi/statements?method=PUT", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"), Token);
        using var lookup = await _factory.CreateLrsClient().GetAsync("/xapi/statements?statementId=" + id, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Theory]
    [InlineData(AllReadKey)]
    [InlineData(StatementsReadKey)]
    public async Task ReadOnlyCredential_Get_OwnDistrictOnly(string key)
    {
        var activity = ActivityId + "/" + Guid.NewGuid().ToString("N");
        var idA = await StoreAsync(LrsApiFactory.AllKey, activity);
        var idB = await StoreAsync(LrsApiFactory.OtherKey, activity);
        using var client = _factory.CreateLrsClient(key);

        using var list = await client.GetAsync("/xapi/statements?activity=" + Uri.EscapeDataString(activity), Token);
        using var otherById = await client.GetAsync("/xapi/statements?statementId=" + idB, Token);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var ids = (await Json.ReadAsync(list))["statements"]!.AsArray().Select(node => node!["id"]!.GetValue<string>());
        Assert.Equal([idA], ids);
        Assert.Equal(HttpStatusCode.NotFound, otherById.StatusCode);
    }

    [Theory]
    [InlineData(AllReadKey)]
    [InlineData(StatementsReadKey)]
    public async Task Export_ReadOnlyCredential_OwnDistrictOnly(string key)
    {
        var activity = ActivityId + "/" + Guid.NewGuid().ToString("N");
        var idA = await StoreAsync(LrsApiFactory.AllKey, activity);
        await StoreAsync(LrsApiFactory.OtherKey, activity);
        using var client = _factory.CreateLrsClient(key);

        using var response = await client.GetAsync("/xapi/export?format=ndjson&activity=" + Uri.EscapeDataString(activity), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(idA, JsonNode.Parse(Assert.Single(lines))!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_Csv_HeaderAndAttachmentName()
    {
        var activity = ActivityId + "/" + Guid.NewGuid().ToString("N");
        var id = await StoreAsync(LrsApiFactory.AllKey, activity);
        using var client = _factory.CreateLrsClient(AllReadKey);

        using var response = await client.GetAsync("/xapi/export?format=csv&activity=" + Uri.EscapeDataString(activity), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("statements-", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        var records = (await response.Content.ReadAsStringAsync(Token)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, records.Length);
        Assert.StartsWith("statement_id,stored,timestamp,", records[0], StringComparison.Ordinal);
        Assert.StartsWith(id + ",", records[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ReadMineCredential_OnlyItsOwnStatements()
    {
        var activity = ActivityId + "/" + Guid.NewGuid().ToString("N");
        var mine = await StoreAsync(LrsApiFactory.MineKey, activity);
        await StoreAsync(LrsApiFactory.AllKey, activity);
        using var client = _factory.CreateLrsClient(LrsApiFactory.MineKey);

        using var response = await client.GetAsync("/xapi/export?activity=" + Uri.EscapeDataString(activity), Token);

        var lines = (await response.Content.ReadAsStringAsync(Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(mine, JsonNode.Parse(Assert.Single(lines))!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_WriteOnlyCredential_403()
    {
        using var client = _factory.CreateLrsClient(WriteOnlyKey);

        using var response = await client.GetAsync("/xapi/export", Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Export_WithoutCredentials_401WithChallenge()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/xapi/export", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Export_InvalidFormat_400NamingIt()
    {
        using var client = _factory.CreateLrsClient(AllReadKey);

        using var response = await client.GetAsync("/xapi/export?format=xlsx", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("format", (await Json.ReadAsync(response))["field"]!.GetValue<string>());
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<string> StoreAsync(string key, string activity)
    {
        using var client = _factory.CreateLrsClient(key);
        using var response = await client.PostAsync("/xapi/statements", Json.Body(Json.Statement(activity: activity)), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).AsArray().Single()!.GetValue<string>();
    }

    /// <summary>The LRS host of <see cref="LrsApiFactory"/> plus the analyst and write-only credentials of district A.</summary>
    public sealed class AnalystLrsFixture : IDisposable
    {
        public AnalystLrsFixture()
        {
            AddCredential(3, AllReadKey, "all/read");
            AddCredential(4, StatementsReadKey, "statements/read");
            AddCredential(5, WriteOnlyKey, "statements/write");
        }

        public LrsApiFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();

        private void AddCredential(int index, string key, string scopes)
        {
            Factory.Settings[$"Lrs:Credentials:{index}:Key"] = key;
            Factory.Settings[$"Lrs:Credentials:{index}:Secret"] = LrsApiFactory.Secret;
            Factory.Settings[$"Lrs:Credentials:{index}:Scopes:0"] = scopes;
            Factory.Settings[$"Lrs:Credentials:{index}:Tenant"] = LrsApiFactory.TenantA;
        }
    }
}
