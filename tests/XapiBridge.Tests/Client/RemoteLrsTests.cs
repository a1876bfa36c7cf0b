using System.Net;
using System.Text;
using System.Text.Json;
using LtiPd.XapiBridge.Client;
using LtiPd.XapiBridge.Statements;
using LtiPd.XapiBridge.Validation;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace LtiPd.XapiBridge.Tests.Client;

public sealed class RemoteLrsTests : IDisposable
{
    private static readonly Guid StatementId = Guid.Parse("3e7ab1f0-5a7c-4f0a-9a51-0c2b7f1d2e34");

    private readonly WireMockServer _server = LrsMock.Start();
    private readonly HttpClient _httpClient = new();

    public void Dispose()
    {
        _httpClient.Dispose();
        _server.Dispose();
    }

    private RemoteLrs CreateLrs(XapiVersion version = XapiVersion.V1) => new(_httpClient, new RemoteLrsOptions
    {
        Endpoint = new Uri($"{_server.Url}/xapi"),
        Username = "key",
        Password = "secret",
        Version = version,
    });

    private static Statement CreateStatement(Guid? id = null) => new()
    {
        Id = id,
        Actor = Agent.WithAccount("https://canvas.example.edu", "sub-1"),
        Verb = new Verb(XapiVerbs.Completed, "completed"),
        Target = new Activity { Id = "https://pd.example.edu/modules/1" },
    };

    [Fact]
    public async Task SaveStatementsAsync_Accepted_SendsHeadersAndReturnsIds()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($"[\"{StatementId}\"]"));

        var response = await CreateLrs(XapiVersion.V2).SaveStatementsAsync([CreateStatement(StatementId)], TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess, response.ToString());
        Assert.Equal(StatementId, Assert.Single(response.Content!));
        var request = Assert.Single(_server.LogEntries).RequestMessage;
        Assert.Equal("2.0.0", request.Headers!["X-Experience-API-Version"].Single());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("key:secret")), request.Headers["Authorization"].Single());
        Assert.StartsWith(RemoteLrs.UserAgentProduct + "/", request.Headers["User-Agent"].Single(), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
        Assert.Equal(StatementId.ToString(), body.RootElement[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task SaveStatementAsync_WithId_UsesPutWithStatementId()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements").WithParam("statementId", StatementId.ToString()).UsingPut())
            .RespondWith(Response.Create().WithStatusCode(204));

        var response = await CreateLrs().SaveStatementAsync(CreateStatement(StatementId), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess, response.ToString());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(StatementId, response.Content);
        Assert.Equal("1.0.3", Assert.Single(_server.LogEntries).RequestMessage.Headers!["X-Experience-API-Version"].Single());
    }

    [Fact]
    public async Task SaveStatementAsync_WithoutId_PostsAndReturnsAssignedId()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($"[\"{StatementId}\"]"));

        var response = await CreateLrs().SaveStatementAsync(CreateStatement(), TestContext.Current.CancellationToken);

        Assert.Equal(StatementId, response.Content);
    }

    [Fact]
    public async Task SaveStatementsAsync_Rejected_ReturnsStatusAndLrsMessage()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("{\"error\":true,\"message\":\"actor.mbox must be a mailto IRI\"}"));

        var response = await CreateLrs().SaveStatementsAsync([CreateStatement()], TestContext.Current.CancellationToken);

        Assert.False(response.IsSuccess);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("LRS returned 400: actor.mbox must be a mailto IRI", response.ErrorMessage);
    }

    [Fact]
    public async Task SaveStatementsAsync_TooManyRequests_ReturnsRetryAfter()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "30").WithBody("slow down"));

        var response = await CreateLrs().SaveStatementsAsync([CreateStatement()], TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.RetryAfter);
        Assert.Equal("LRS returned 429: slow down", response.ErrorMessage);
    }

    [Fact]
    public async Task SaveStatementsAsync_NothingListening_ReturnsNoResponse()
    {
        var lrs = new RemoteLrs(_httpClient, new RemoteLrsOptions { Endpoint = new Uri($"http://127.0.0.1:{LrsMock.FreePort()}/xapi/") });

        var response = await lrs.SaveStatementsAsync([CreateStatement()], TestContext.Current.CancellationToken);

        Assert.False(response.IsSuccess);
        Assert.Null(response.StatusCode);
        Assert.Contains("could not be reached", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryStatementsAsync_Filters_SendsParametersAndReadsMore()
    {
        var page = $"{{\"statements\":[{XapiJson.Serialize(CreateStatement(StatementId))}],\"more\":\"/xapi/statements/more/page-2\"}}";
        _server.Given(Request.Create().WithPath("/xapi/statements").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(page));
        var query = new StatementsQuery
        {
            Agent = Agent.WithAccount("https://canvas.example.edu", "sub-1"),
            VerbId = XapiVerbs.Completed,
            Registration = StatementId,
            Since = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)),
            Limit = 50,
            Format = StatementsQueryFormat.Ids,
        };

        var response = await CreateLrs().QueryStatementsAsync(query, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess, response.ToString());
        Assert.Equal(StatementId, Assert.Single(response.Content!.Statements).Id);
        Assert.Equal("/xapi/statements/more/page-2", response.Content.More);
        var parameters = Assert.Single(_server.LogEntries).RequestMessage.Query!;
        Assert.Equal("{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://canvas.example.edu\",\"name\":\"sub-1\"}}", parameters["agent"].Single());
        Assert.Equal(XapiVerbs.Completed, parameters["verb"].Single());
        Assert.Equal(StatementId.ToString(), parameters["registration"].Single());
        Assert.Equal("2024-05-01T10:00:00.000Z", parameters["since"].Single());
        Assert.Equal("50", parameters["limit"].Single());
        Assert.Equal("ids", parameters["format"].Single());
    }

    [Fact]
    public async Task MoreStatementsAsync_AbsolutePath_ResolvesAgainstHost()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements/more/page-2").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"statements\":[],\"more\":\"\"}"));

        var response = await CreateLrs().MoreStatementsAsync("/xapi/statements/more/page-2", TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess, response.ToString());
        Assert.Empty(response.Content!.Statements);
        Assert.Null(response.Content.More);
    }

    [Fact]
    public async Task MoreStatementsAsync_OtherHost_Throws()
    {
        var lrs = CreateLrs();

        await Assert.ThrowsAsync<ArgumentException>(() => lrs.MoreStatementsAsync("https://elsewhere.example.com/more/1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RetrieveStatementAsync_NotFound_ReturnsFailureWithStatus()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("no statement"));

        var response = await CreateLrs().RetrieveStatementAsync(StatementId, TestContext.Current.CancellationToken);

        Assert.False(response.IsSuccess);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(StatementId.ToString(), Assert.Single(_server.LogEntries).RequestMessage.Query!["statementId"].Single());
    }

    [Fact]
    public async Task VoidStatementAsync_Target_PostsVoidingStatement()
    {
        _server.Given(Request.Create().WithPath("/xapi/statements").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("[\"5d7a1f4e-2c3b-4a5d-9e8f-7a6b5c4d3e2f\"]"));

        var response = await CreateLrs().VoidStatementAsync(StatementId, Agent.WithAccount("https://pd.example.edu", "admin"), TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess, response.ToString());
        using var body = JsonDocument.Parse(Assert.Single(_server.LogEntries).RequestMessage.Body!);
        var statement = body.RootElement[0];
        Assert.Equal(XapiVerbs.Voided, statement.GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal("StatementRef", statement.GetProperty("object").GetProperty("objectType").GetString());
        Assert.Equal(StatementId.ToString(), statement.GetProperty("object").GetProperty("id").GetString());
        Assert.Empty(new StatementValidator().Validate(statement, XapiVersion.V1));
    }

    [Fact]
    public async Task AboutAsync_Lrs_ReturnsVersions()
    {
        _server.Given(Request.Create().WithPath("/xapi/about").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"version\":[\"1.0.3\",\"2.0.0\"]}"));

        var response = await CreateLrs().AboutAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["1.0.3", "2.0.0"], response.Content!.Version);
    }

    [Fact]
    public async Task RetrieveStateAsync_Existing_ReturnsContentAndEtag()
    {
        _server.Given(Request.Create().WithPath("/xapi/activities/state").WithParam("stateId", "bookmark").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithHeader("ETag", "\"abc123\"").WithBody("{\"page\":3}"));
        var agent = Agent.WithAccount("https://canvas.example.edu", "sub-1");

        var response = await CreateLrs().RetrieveStateAsync("https://pd.example.edu/modules/1", agent, "bookmark", StatementId, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess, response.ToString());
        Assert.Equal("{\"page\":3}", Encoding.UTF8.GetString(response.Content!.Content));
        Assert.Equal("\"abc123\"", response.Content.Etag);
        var query = Assert.Single(_server.LogEntries).RequestMessage.Query!;
        Assert.Equal("https://pd.example.edu/modules/1", query["activityId"].Single());
        Assert.Equal(StatementId.ToString(), query["registration"].Single());
    }

    [Fact]
    public async Task RetrieveActivityProfileAsync_Missing_ReturnsSuccessWithoutContent()
    {
        _server.Given(Request.Create().WithPath("/xapi/activities/profile").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404));

        var response = await CreateLrs().RetrieveActivityProfileAsync("https://pd.example.edu/modules/1", "settings", TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess);
        Assert.Null(response.Content);
    }

    [Fact]
    public async Task SaveActivityProfileAsync_WithoutEtag_SendsIfNoneMatchAny()
    {
        _server.Given(Request.Create().WithPath("/xapi/activities/profile").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(204).WithHeader("ETag", "\"v2\""));
        var document = new LrsDocument { Id = "settings", Content = Encoding.UTF8.GetBytes("{\"a\":1}") };

        var response = await CreateLrs().SaveActivityProfileAsync("https://pd.example.edu/modules/1", document, TestContext.Current.CancellationToken);

        Assert.Equal("\"v2\"", response.Content);
        var headers = Assert.Single(_server.LogEntries).RequestMessage.Headers!;
        Assert.Equal("*", headers["If-None-Match"].Single());
        Assert.False(headers.ContainsKey("If-Match"));
    }

    [Fact]
    public async Task SaveAgentProfileAsync_StaleEtag_ReturnsPreconditionFailed()
    {
        _server.Given(Request.Create().WithPath("/xapi/agents/profile").UsingPut().WithHeader("If-Match", "\"v1\""))
            .RespondWith(Response.Create().WithStatusCode(412).WithBody("ETag does not match"));
        var document = new LrsDocument { Id = "prefs", Content = Encoding.UTF8.GetBytes("{}"), Etag = "\"v1\"" };

        var response = await CreateLrs().SaveAgentProfileAsync(Agent.WithAccount("https://canvas.example.edu", "sub-1"), document, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("LRS returned 412: ETag does not match", response.ErrorMessage);
    }

    [Fact]
    public async Task DeleteStateAsync_Existing_SendsDelete()
    {
        _server.Given(Request.Create().WithPath("/xapi/activities/state").UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204));

        var response = await CreateLrs().DeleteStateAsync("https://pd.example.edu/modules/1", Agent.WithEmail("pat@example.edu"), "bookmark", null, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccess);
        Assert.Equal("{\"objectType\":\"Agent\",\"mbox\":\"mailto:pat@example.edu\"}", Assert.Single(_server.LogEntries).RequestMessage.Query!["agent"].Single());
    }
}
