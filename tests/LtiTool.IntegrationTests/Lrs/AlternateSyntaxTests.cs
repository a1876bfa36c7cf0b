using System.Net;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

public sealed class AlternateSyntaxTests : IClassFixture<LrsApiFactory>
{
    private readonly LrsApiFactory _factory;

    public AlternateSyntaxTests(LrsApiFactory factory)
    {
        _factory = factory;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FormPost_MethodPut_StoresStatementIn103()
    {
        using var client = _factory.CreateClient();
        var id = Guid.NewGuid().ToString();
        using var form = Form(id, "1.0.3");

        using var put = await client.PostAsync("/xapi/statements?method=PUT", form, Token);
        using var reader = _factory.CreateLrsClient();
        using var get = await reader.GetAsync($"/xapi/statements?statementId={id}", Token);

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task FormPost_In20_400()
    {
        using var client = _factory.CreateClient();
        using var form = Form(Guid.NewGuid().ToString(), "2.0.0");

        using var response = await client.PostAsync("/xapi/statements?method=PUT", form, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task FormPost_ExtraQueryParameter_400()
    {
        using var client = _factory.CreateClient();
        var id = Guid.NewGuid().ToString();
        using var form = Form(id, "1.0.3");

        using var response = await client.PostAsync($"/xapi/statements?method=PUT&statementId={id}", form, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static FormUrlEncodedContent Form(string id, string version) => new(new Dictionary<string, string>
    {
        ["statementId"] = id,
        ["Authorization"] = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{LrsApiFactory.AllKey}:{LrsApiFactory.Secret}")),
        ["X-Experience-API-Version"] = version,
        ["Content-Type"] = "application/json",
        ["content"] = Json.Statement().ToJsonString(),
    });
}
