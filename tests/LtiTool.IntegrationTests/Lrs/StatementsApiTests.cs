using System.Net;
using System.Text.Json.Nodes;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

public sealed class StatementsApiTests : IClassFixture<LrsApiFactory>
{
    private readonly LrsApiFactory _factory;

    public StatementsApiTests(LrsApiFactory factory)
    {
        _factory = factory;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task About_WithoutCredentials_ListsVersions()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/xapi/about", Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var versions = (await Json.ReadAsync(response))["version"]!.AsArray().Select(node => node!.GetValue<string>());
        Assert.Equal(["1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"], versions);
    }

    [Fact]
    public async Task Get_WithoutVersionHeader_400WithDefaultVersion()
    {
        using var client = _factory.CreateLrsClient();
        client.DefaultRequestHeaders.Remove("X-Experience-API-Version");

        using var response = await client.GetAsync("/xapi/statements", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("2.0.0", Assert.Single(response.Headers.GetValues("X-Experience-API-Version")));
        Assert.Equal("application/problem+json", Json.ContentType(response).MediaType);
        Assert.Equal("X-Experience-API-Version", (await Json.ReadAsync(response))["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("0.9.5")]
    [InlineData("1.1.0")]
    [InlineData("3.0.0")]
    public async Task Get_UnsupportedVersion_400(string version)
    {
        using var client = _factory.CreateLrsClient(version: version);

        using var response = await client.GetAsync("/xapi/statements", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(version, (await Json.ReadAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WrongSecret_401WithBasicChallenge()
    {
        using var client = _factory.CreateLrsClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("district-a-all:wrong"u8.ToArray()));

        using var response = await client.GetAsync("/xapi/statements", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await Json.ReadAsync(response);
        Assert.Equal("LRS2203", problem["code"]!.GetValue<string>());
        Assert.Equal("Credentials not accepted", problem["title"]!.GetValue<string>());
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("were not accepted", detail, StringComparison.Ordinal);
        Assert.Contains("credential list", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Send HTTP Basic credentials", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownKey_SameAnswerAsWrongSecret()
    {
        using var wrongSecret = _factory.CreateLrsClient();
        wrongSecret.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("district-a-all:wrong"u8.ToArray()));
        using var unknownKey = _factory.CreateLrsClient();
        unknownKey.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("no-such-key:wrong"u8.ToArray()));

        using var first = await wrongSecret.GetAsync("/xapi/statements", Token);
        using var second = await unknownKey.GetAsync("/xapi/statements", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal((await Json.ReadAsync(first)).ToJsonString(), (await Json.ReadAsync(second)).ToJsonString());
    }

    [Fact]
    public async Task Get_NoCredentials_401AsksForThem()
    {
        using var client = _factory.CreateLrsClient();
        client.DefaultRequestHeaders.Authorization = null;

        using var response = await client.GetAsync("/xapi/statements", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("LRS2201", (await Json.ReadAsync(response))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutThenGet_ReturnsStoredStatementWithHeaders()
    {
        using var client = _factory.CreateLrsClient();
        var id = Guid.NewGuid().ToString();

        using var put = await client.PutAsync($"/xapi/statements?statementId={id}", Json.Body(Json.Statement()), Token);
        using var get = await client.GetAsync($"/xapi/statements?statementId={id}", Token);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var statement = await Json.ReadAsync(get);
        Assert.Equal(id, statement["id"]!.GetValue<string>());
        Assert.Equal(LrsApiFactory.AllKey, statement["authority"]!["account"]!["name"]!.GetValue<string>());
        Assert.True(get.Headers.Contains("X-Experience-API-Consistent-Through"));
        Assert.NotNull(get.Content.Headers.LastModified);
    }

    [Fact]
    public async Task Post_SingleContextActivity_ReturnedAsArray()
    {
        using var client = _factory.CreateLrsClient();
        var statement = Json.Statement();
        statement["context"] = new JsonObject
        {
            ["contextActivities"] = new JsonObject { ["parent"] = new JsonObject { ["id"] = "https://pd.example.edu/courses/parent" } },
        };

        using var post = await client.PostAsync("/xapi/statements", Json.Body(statement), Token);
        var id = (await Json.ReadAsync(post))[0]!.GetValue<string>();
        using var get = await client.GetAsync($"/xapi/statements?statementId={id}", Token);

        var parent = (await Json.ReadAsync(get))["context"]!["contextActivities"]!["parent"];
        Assert.IsType<JsonArray>(parent);
        Assert.Equal("https://pd.example.edu/courses/parent", parent![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_SameIdDifferentContent_409ProblemDetails()
    {
        using var client = _factory.CreateLrsClient();
        var id = Guid.NewGuid().ToString();
        using var first = await client.PutAsync($"/xapi/statements?statementId={id}", Json.Body(Json.Statement()), Token);

        using var same = await client.PutAsync($"/xapi/statements?statementId={id}", Json.Body(Json.Statement()), Token);
        using var different = await client.PutAsync($"/xapi/statements?statementId={id}", Json.Body(Json.Statement(mbox: "mailto:other@district.example")), Token);

        Assert.Equal(HttpStatusCode.NoContent, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        var problem = await Json.ReadAsync(different);
        Assert.Equal("LRS2401", problem["code"]!.GetValue<string>());
        Assert.Equal("id", problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Voided_OnlyFoundByVoidedStatementId()
    {
        using var client = _factory.CreateLrsClient();
        var id = Guid.NewGuid().ToString();
        await client.PutAsync($"/xapi/statements?statementId={id}", Json.Body(Json.Statement()), Token);
        var voiding = new JsonObject
        {
            ["actor"] = new JsonObject { ["mbox"] = "mailto:admin@district.example" },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/voided" },
            ["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = id },
        };

        using var post = await client.PostAsync("/xapi/statements", Json.Body(voiding), Token);
        using var byId = await client.GetAsync($"/xapi/statements?statementId={id}", Token);
        using var byVoidedId = await client.GetAsync($"/xapi/statements?voidedStatementId={id}", Token);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byVoidedId.StatusCode);
    }

    [Fact]
    public async Task Get_WithLimit_MoreLinkWalksEveryStatementOnce()
    {
        using var client = _factory.CreateLrsClient();
        var activity = "https://pd.example.edu/paging/" + Guid.NewGuid();
        var batch = new JsonArray(Json.Statement(activity: activity), Json.Statement(activity: activity), Json.Statement(activity: activity));
        var ids = (await Json.ReadAsync(await client.PostAsync("/xapi/statements", Json.Body(batch), Token))).AsArray().Select(node => node!.GetValue<string>()).ToList();

        var seen = new List<string>();
        var url = $"/xapi/statements?activity={Uri.EscapeDataString(activity)}&limit=2&ascending=true";
        var pages = 0;
        while (!string.IsNullOrEmpty(url))
        {
            var page = await Json.ReadAsync(await client.GetAsync(url, Token));
            seen.AddRange(page["statements"]!.AsArray().Select(statement => statement!["id"]!.GetValue<string>()));
            url = page["more"]!.GetValue<string>();
            pages++;
        }

        Assert.Equal(ids, seen);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task OtherTenant_CannotReadStatements()
    {
        using var writer = _factory.CreateLrsClient();
        using var other = _factory.CreateLrsClient(LrsApiFactory.OtherKey);
        var id = Guid.NewGuid().ToString();
        await writer.PutAsync($"/xapi/statements?statementId={id}", Json.Body(Json.Statement()), Token);

        using var byId = await other.GetAsync($"/xapi/statements?statementId={id}", Token);
        var all = await Json.ReadAsync(await other.GetAsync("/xapi/statements?limit=0", Token));

        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        Assert.DoesNotContain(all["statements"]!.AsArray(), statement => statement!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task ReadMine_SeesOnlyOwnStatements()
    {
        using var all = _factory.CreateLrsClient();
        using var mine = _factory.CreateLrsClient(LrsApiFactory.MineKey);
        var othersId = Guid.NewGuid().ToString();
        var ownId = Guid.NewGuid().ToString();
        await all.PutAsync($"/xapi/statements?statementId={othersId}", Json.Body(Json.Statement()), Token);
        await mine.PutAsync($"/xapi/statements?statementId={ownId}", Json.Body(Json.Statement()), Token);

        using var others = await mine.GetAsync($"/xapi/statements?statementId={othersId}", Token);
        using var own = await mine.GetAsync($"/xapi/statements?statementId={ownId}", Token);

        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Post_BatchOverLimit_413NamingTheLimit()
    {
        using var client = _factory.CreateLrsClient();
        var batch = new JsonArray(Enumerable.Range(0, 6).Select(_ => (JsonNode?)Json.Statement()).ToArray());

        using var response = await client.PostAsync("/xapi/statements", Json.Body(batch), Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("MaxStatementsPerBatch", (await Json.ReadAsync(response))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_CorrectResponsesPatternWithoutInteractionType_400()
    {
        using var client = _factory.CreateLrsClient();
        var statement = Json.Statement();
        statement["object"]!["definition"] = new JsonObject { ["correctResponsesPattern"] = new JsonArray("true") };

        using var response = await client.PostAsync("/xapi/statements", Json.Body(statement), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Activities_MergesDefinitionsAcrossStatements()
    {
        using var client = _factory.CreateLrsClient();
        var activity = "https://pd.example.edu/merge/" + Guid.NewGuid();
        var first = Json.Statement(activity: activity);
        first["object"]!["definition"] = new JsonObject { ["name"] = new JsonObject { ["en-US"] = "Reading" } };
        var second = Json.Statement(activity: activity);
        second["object"]!["definition"] = new JsonObject { ["description"] = new JsonObject { ["en-US"] = "Guided reading" } };
        await client.PostAsync("/xapi/statements", Json.Body(first), Token);
        await client.PostAsync("/xapi/statements", Json.Body(second), Token);

        var stored = await Json.ReadAsync(await client.GetAsync($"/xapi/activities?activityId={Uri.EscapeDataString(activity)}", Token));

        Assert.Equal("Reading", stored["definition"]!["name"]!["en-US"]!.GetValue<string>());
        Assert.Equal("Guided reading", stored["definition"]!["description"]!["en-US"]!.GetValue<string>());
    }
}
