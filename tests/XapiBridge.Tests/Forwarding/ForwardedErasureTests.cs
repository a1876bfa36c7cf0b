using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Statements;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace LtiPd.XapiBridge.Tests.Forwarding;

/// <summary>A person's erasure reaching the district's own LRS through the outbox, across an outage.</summary>
public sealed class ForwardedErasureTests
{
    private const string HomePage = "https://canvas.example.edu";

    private static readonly string[] AdaKeys = [PersonStatements.AccountKey(HomePage, "sub-ada")];

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task Erase_LrsDownThenBack_DeliversRedactedAndVoiding(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        var token = TestContext.Current.CancellationToken;
        AcceptAll(fixture, priority: 10);
        var delivered = PersonStatement("ada-1", "sub-ada", "My class struggled.");
        var other = PersonStatement("grace-1", "sub-grace", null);
        await EnqueueAsync(fixture, delivered, other);
        Assert.Equal(2, (await fixture.Deliverer.DeliverDueAsync(token)).Delivered);

        // The LRS goes down; a new statement of Ada's waits in the outbox.
        fixture.Lrs.Given(PostStatements()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(503).WithBody("maintenance"));
        var pending = PersonStatement("ada-2", "sub-ada", "Second reflection.");
        await EnqueueAsync(fixture, pending);
        Assert.Equal(0, (await fixture.Deliverer.DeliverDueAsync(token)).Delivered);

        // Ada's oldest statement was delivered so long ago that its outbox row is gone; the embedded LRS still names it.
        var purgedId = StatementIds.ForPdEvent("ada-0");
        var erasure = await EraseAsync(fixture, [delivered.Id!.Value, pending.Id!.Value, purgedId]);
        fixture.Time.Advance(fixture.Options.MaxRetryDelay);
        var duringOutage = await fixture.Deliverer.DeliverDueAsync(token);
        var pendingDuringOutage = await fixture.Outbox.CountPendingAsync(fixture.DistrictId, token);
        var postsBeforeRecovery = fixture.Lrs.LogEntries.Count;

        fixture.Lrs.ResetMappings();
        AcceptAll(fixture, priority: 10);
        fixture.Time.Advance(fixture.Options.MaxRetryDelay);
        var recovered = await fixture.Deliverer.DeliverDueAsync(token);

        Assert.Equal(LrsMock.Endpoint(fixture.Lrs), erasure.LrsEndpoint);
        Assert.Equal(2, erasure.OutboxRowsRedacted);
        Assert.Equal(1, erasure.PendingRowsRedacted);
        Assert.Equal([delivered.Id.Value, pending.Id.Value, purgedId], erasure.VoidedStatementIds);
        Assert.Equal(0, duringOutage.Delivered);
        Assert.Equal(4, pendingDuringOutage);
        Assert.Equal(4, recovered.Delivered);
        Assert.Equal(0, await fixture.Outbox.CountPendingAsync(fixture.DistrictId, token));

        var sent = fixture.Lrs.LogEntries.Skip(postsBeforeRecovery)
            .SelectMany(entry => JsonNode.Parse(entry.RequestMessage.Body!)!.AsArray())
            .Select(node => node!.AsObject())
            .ToList();
        Assert.Equal(pending.Id.Value.ToString(), sent[0]["id"]!.GetValue<string>());
        Assert.Equal(PersonStatements.RedactedHomePage, sent[0]["actor"]!["account"]!["homePage"]!.GetValue<string>());
        Assert.Equal(PersonStatements.RedactedText, sent[0]["result"]!["response"]!.GetValue<string>());
        var voiding = sent.Skip(1).ToList();
        Assert.All(voiding, statement => Assert.Equal(XapiVerbs.Voided, statement["verb"]!["id"]!.GetValue<string>()));
        Assert.All(voiding, statement => Assert.Equal("StatementRef", statement["object"]!["objectType"]!.GetValue<string>()));
        Assert.All(voiding, statement => Assert.Equal(ForwardedStatementEraser.VoidingActorName, statement["actor"]!["account"]!["name"]!.GetValue<string>()));
        Assert.Equal(
            [delivered.Id.Value, pending.Id.Value, purgedId],
            voiding.Select(statement => Guid.Parse(statement["object"]!["id"]!.GetValue<string>())));
        Assert.DoesNotContain("sub-ada", string.Join("\n", sent.Select(statement => statement.ToJsonString())), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task Erase_OutboxRows_KeepNoIdentityAndSparesOthers(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        await EnqueueAsync(fixture, PersonStatement("ada-1", "sub-ada", "Text"), PersonStatement("grace-1", "sub-grace", "Grace text"));

        await EraseAsync(fixture, []);
        var again = await EraseAsync(fixture, []);

        var json = await ReadJsonAsync(fixture);
        Assert.Equal(3, json.Count);
        Assert.DoesNotContain("sub-ada", json[0], StringComparison.Ordinal);
        Assert.Contains("sub-grace", json[1], StringComparison.Ordinal);
        Assert.Contains("Grace text", json[1], StringComparison.Ordinal);
        Assert.Contains(XapiVerbs.Voided, json[2], StringComparison.Ordinal);
        Assert.Equal(0, again.OutboxRowsRedacted);
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task Erase_RejectedRow_RedactedButNotVoided(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        var rejected = PersonStatement("ada-rejected", "sub-ada", "Text");
        await EnqueueAsync(fixture, rejected);
        await fixture.ExecuteAsync(
            "UPDATE xapi_outbox SET rejected_at_ms = 1, last_status = 400 WHERE district_id = @DistrictId", new { fixture.DistrictId });

        var erasure = await EraseAsync(fixture, []);

        Assert.Equal(1, erasure.OutboxRowsRedacted);
        Assert.Equal(0, erasure.PendingRowsRedacted);
        Assert.Empty(erasure.VoidedStatementIds);
        Assert.DoesNotContain("sub-ada", Assert.Single(await ReadJsonAsync(fixture)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task Erase_DistrictNotForwarded_VoidsOnlyQueuedRows(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        var queued = PersonStatement("ada-1", "sub-ada", null);
        await EnqueueAsync(fixture, queued);
        fixture.Options.Districts.Clear();

        var erasure = await EraseAsync(fixture, [queued.Id!.Value, StatementIds.ForPdEvent("never-forwarded")]);

        Assert.Null(erasure.LrsEndpoint);
        Assert.Equal([queued.Id.Value], erasure.VoidedStatementIds);
    }

    [Theory]
    [InlineData("account:https://lms.example.edu|sub-42", "%sub-42%")]
    [InlineData("account:https://lms.example.edu|a_b%c!d", "%a!_b!%c!!d%")]
    [InlineData("mbox:mailto:ada@example.edu", "%mailto:ada@example.edu%")]
    [InlineData("account:https://lms.example.edu|name with \"quote\"", "%")]
    [InlineData("account:https://lms.example.edu|José", "%")]
    [InlineData(null, "")]
    public void LikePattern_AgentKey_EscapedOrReadsAll(string? agentKey, string expected)
    {
        Assert.Equal(expected, ForwardedStatementEraser.LikePattern(agentKey));
    }

    private static IRequestBuilder PostStatements() => Request.Create().WithPath("/xapi/statements").UsingPost();

    private static void AcceptAll(OutboxFixture fixture, int priority) =>
        fixture.Lrs.Given(PostStatements()).AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(EchoIds));

    private static string EchoIds(IRequestMessage request) =>
        "[" + string.Join(",", JsonDocument.Parse(request.Body!).RootElement.EnumerateArray().Select(statement => "\"" + statement.GetProperty("id").GetString() + "\"")) + "]";

    private static Statement PersonStatement(string eventKey, string subject, string? response) => new()
    {
        Id = StatementIds.ForPdEvent(eventKey),
        Actor = Agent.WithAccount(HomePage, subject),
        Verb = new Verb(XapiVerbs.Completed, "completed"),
        Target = new Activity { Id = "https://pd.example.edu/modules/" + eventKey },
        Result = response is null ? null : new Result { Response = response },
        Timestamp = new DateTimeOffset(2026, 1, 5, 7, 0, 0, TimeSpan.Zero),
    };

    private static async Task EnqueueAsync(OutboxFixture fixture, params Statement[] statements)
    {
        var token = TestContext.Current.CancellationToken;
        await using var connection = await fixture.Database.OpenAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);
        foreach (var statement in statements)
        {
            await fixture.Outbox.EnqueueAsync(connection, transaction, fixture.DistrictId, statement, token);
        }

        await transaction.CommitAsync(token);
    }

    private static async Task<ForwardedErasure> EraseAsync(OutboxFixture fixture, IReadOnlyCollection<Guid> storedIds)
    {
        var token = TestContext.Current.CancellationToken;
        var eraser = new ForwardedStatementEraser(fixture.Database, fixture.Outbox, new StaticOptionsMonitor(fixture.Options), fixture.Time);
        await using var connection = await fixture.Database.OpenAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);
        var erasure = await eraser.EraseAsync(connection, transaction, fixture.DistrictId, AdaKeys, "erased-test", storedIds, token);
        await transaction.CommitAsync(token);
        return erasure;
    }

    private static async Task<List<string>> ReadJsonAsync(OutboxFixture fixture)
    {
        await using var connection = await fixture.Database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<string>(
            "SELECT statement_json FROM xapi_outbox WHERE district_id = @DistrictId ORDER BY id", new { fixture.DistrictId })).AsList();
    }

    private sealed class StaticOptionsMonitor(XapiForwardingOptions value) : Microsoft.Extensions.Options.IOptionsMonitor<XapiForwardingOptions>
    {
        public XapiForwardingOptions CurrentValue => value;

        public XapiForwardingOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<XapiForwardingOptions, string?> listener) => null;
    }
}
