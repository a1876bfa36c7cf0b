using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

public sealed class DocumentsApiTests : IClassFixture<LrsApiFactory>
{
    private const string Agent = """{"objectType":"Agent","mbox":"mailto:teacher@district.example"}""";

    private readonly LrsApiFactory _factory;

    public DocumentsApiTests(LrsApiFactory factory)
    {
        _factory = factory;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentProfile_PutWithoutPreconditionIn103_400()
    {
        using var client = _factory.CreateLrsClient();

        using var response = await client.PutAsync(ProfileUrl(), Json.Body(new JsonObject { ["a"] = 1 }), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AgentProfile_ConcurrencyRules()
    {
        using var client = _factory.CreateLrsClient();
        var url = ProfileUrl();

        using var create = await Send(client, HttpMethod.Put, url, new JsonObject { ["a"] = 1 }, ifNoneMatch: "*");
        using var createAgain = await Send(client, HttpMethod.Put, url, new JsonObject { ["a"] = 2 }, ifNoneMatch: "*");
        using var withoutHeader = await Send(client, HttpMethod.Put, url, new JsonObject { ["a"] = 3 });
        using var wrongEtag = await Send(client, HttpMethod.Put, url, new JsonObject { ["a"] = 4 }, ifMatch: "\"0000\"");
        using var get = await client.GetAsync(url, Token);
        var etag = get.Headers.ETag!.Tag;
        using var rightEtag = await Send(client, HttpMethod.Put, url, new JsonObject { ["a"] = 5 }, ifMatch: etag);
        var final = await Json.ReadAsync(await client.GetAsync(url, Token));

        Assert.Equal(HttpStatusCode.NoContent, create.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, createAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, withoutHeader.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, wrongEtag.StatusCode);
        Assert.Matches("^\"[0-9a-f]{40}\"$", etag);
        Assert.Equal(HttpStatusCode.NoContent, rightEtag.StatusCode);
        Assert.Equal(5, final["a"]!.GetValue<int>());
    }

    [Fact]
    public async Task State_PostJson_MergesTopLevelProperties()
    {
        using var client = _factory.CreateLrsClient();
        var url = StateUrl();

        await Send(client, HttpMethod.Post, url, new JsonObject { ["page"] = 1, ["keep"] = "yes" });
        using var merge = await Send(client, HttpMethod.Post, url, new JsonObject { ["page"] = 2, ["added"] = true });
        var merged = await Json.ReadAsync(await client.GetAsync(url, Token));

        Assert.Equal(HttpStatusCode.NoContent, merge.StatusCode);
        Assert.Equal(2, merged["page"]!.GetValue<int>());
        Assert.Equal("yes", merged["keep"]!.GetValue<string>());
        Assert.True(merged["added"]!.GetValue<bool>());
    }

    [Fact]
    public async Task State_PostOverNonJson_400()
    {
        using var client = _factory.CreateLrsClient();
        var url = StateUrl();
        using var text = new StringContent("plain text", System.Text.Encoding.UTF8, "text/plain");
        await client.PutAsync(url, text, Token);

        using var merge = await Send(client, HttpMethod.Post, url, new JsonObject { ["page"] = 2 });

        Assert.Equal(HttpStatusCode.BadRequest, merge.StatusCode);
    }

    [Fact]
    public async Task State_PutOverExistingWithoutHeader_AllowedIn103ConflictIn20()
    {
        using var v1 = _factory.CreateLrsClient();
        using var v2 = _factory.CreateLrsClient(version: "2.0.0");
        var url = StateUrl();
        await Send(v1, HttpMethod.Put, url, new JsonObject { ["n"] = 1 });

        using var overwrite = await Send(v1, HttpMethod.Put, url, new JsonObject { ["n"] = 2 });
        using var conflict = await Send(v2, HttpMethod.Put, url, new JsonObject { ["n"] = 3 });

        Assert.Equal(HttpStatusCode.NoContent, overwrite.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task State_ListAndDeleteAll()
    {
        using var client = _factory.CreateLrsClient();
        var activity = "https://pd.example.edu/state/" + Guid.NewGuid();
        await Send(client, HttpMethod.Put, StateUrl(activity, "one"), new JsonObject());
        await Send(client, HttpMethod.Put, StateUrl(activity, "two"), new JsonObject());
        var scope = $"/xapi/activities/state?activityId={Uri.EscapeDataString(activity)}&agent={Uri.EscapeDataString(Agent)}";

        var ids = (await Json.ReadAsync(await client.GetAsync(scope, Token))).AsArray().Select(node => node!.GetValue<string>());
        using var delete = await client.DeleteAsync(scope, Token);
        var after = (await Json.ReadAsync(await client.GetAsync(scope, Token))).AsArray();

        Assert.Equal(["one", "two"], ids);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(after);
    }

    [Fact]
    public async Task State_OtherTenant_NotFound()
    {
        using var client = _factory.CreateLrsClient();
        using var other = _factory.CreateLrsClient(LrsApiFactory.OtherKey);
        var url = StateUrl();
        await Send(client, HttpMethod.Put, url, new JsonObject { ["secret"] = "district a" });

        using var response = await other.GetAsync(url, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Document_OverLimit_413NamingTheLimit()
    {
        using var client = _factory.CreateLrsClient();
        var large = new string('x', 1024 * 1024 + 1);

        using var response = await client.PutAsync(StateUrl(), new StringContent(large), Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("MaxDocumentBytes", (await Json.ReadAsync(response))["field"]!.GetValue<string>());
    }

    private static string ProfileUrl() =>
        $"/xapi/agents/profile?agent={Uri.EscapeDataString(Agent)}&profileId={Guid.NewGuid()}";

    private static string StateUrl(string? activity = null, string? stateId = null) =>
        $"/xapi/activities/state?activityId={Uri.EscapeDataString(activity ?? "https://pd.example.edu/state/" + Guid.NewGuid())}"
        + $"&agent={Uri.EscapeDataString(Agent)}&stateId={stateId ?? Guid.NewGuid().ToString()}";

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, JsonNode body, string? ifMatch = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = Json.Body(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request, Token);
    }
}
