using System.Net;
using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Lrs.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

public sealed class EmbeddedLrsClientTests : IClassFixture<LrsApiFactory>
{
    private readonly LrsApiFactory _factory;

    public EmbeddedLrsClientTests(LrsApiFactory factory)
    {
        _factory = factory;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreStatements_VisibleOverHttpToSameTenantOnly()
    {
        using var reader = _factory.CreateLrsClient();
        using var other = _factory.CreateLrsClient(LrsApiFactory.OtherKey);
        var client = _factory.Services.GetRequiredService<EmbeddedLrsClient>();

        var result = await client.StoreStatementsAsync(LrsApiFactory.TenantA, new JsonArray(Json.Statement()), Token);
        var id = Assert.Single(result.Value!);
        using var sameTenant = await reader.GetAsync($"/xapi/statements?statementId={id}", Token);
        using var otherTenant = await other.GetAsync($"/xapi/statements?statementId={id}", Token);

        Assert.Equal(HttpStatusCode.OK, sameTenant.StatusCode);
        Assert.Equal(EmbeddedLrsClient.CredentialKey, (await Json.ReadAsync(sameTenant))["authority"]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
    }

    [Fact]
    public async Task StoreStatements_InvalidStatement_ReturnsErrorAndStoresNothing()
    {
        var client = _factory.Services.GetRequiredService<EmbeddedLrsClient>();
        var feed = _factory.Services.GetRequiredService<LrsStatementFeed>();
        var invalid = Json.Statement();
        invalid.Remove("verb");
        var before = await feed.ReadAfterAsync(0, LrsStatementFeed.MaxBatchSize, Token);

        var result = await client.StoreStatementsAsync(LrsApiFactory.TenantA, new JsonArray(Json.Statement(), invalid), Token);
        var after = await feed.ReadAfterAsync(0, LrsStatementFeed.MaxBatchSize, Token);

        Assert.Equal(400, result.Error?.Status);
        Assert.Equal(before.Count, after.Count);
    }

    [Fact]
    public async Task Feed_WaitCompletesWhenHttpStatementCommits()
    {
        using var writer = _factory.CreateLrsClient();
        var feed = _factory.Services.GetRequiredService<LrsStatementFeed>();
        var existing = await feed.ReadAfterAsync(0, LrsStatementFeed.MaxBatchSize, Token);
        var watermark = existing.Count == 0 ? 0 : existing[^1].Sequence;
        var waiting = feed.WaitForStatementsAsync(watermark, Token);

        using var post = await writer.PostAsync("/xapi/statements", Json.Body(Json.Statement()), Token);
        await waiting;
        var next = await feed.ReadAfterAsync(watermark, 10, Token);

        var id = (await Json.ReadAsync(post))[0]!.GetValue<string>();
        Assert.Contains(next, statement => statement.StatementId == id && statement.Tenant == LrsApiFactory.TenantA);
    }
}
