using System.Text.Json;
using LtiPd.Storage;
using LtiPd.XapiBridge.Statements;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace LtiPd.XapiBridge.Tests.Forwarding;

public sealed class OutboxDeliveryTests
{
    private static IRequestBuilder PostStatements() => Request.Create().WithPath("/xapi/statements").UsingPost();

    private static string EchoIds(IRequestMessage request) =>
        "[" + string.Join(",", JsonDocument.Parse(request.Body!).RootElement.EnumerateArray().Select(statement => "\"" + statement.GetProperty("id").GetString() + "\"")) + "]";

    private static void AcceptAll(OutboxFixture fixture, int priority = 10) =>
        fixture.Lrs.Given(PostStatements()).AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(EchoIds));

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task DeliverDueAsync_LrsAccepts_SendsOneBatchAndMarksDelivered(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        AcceptAll(fixture);
        var statements = await fixture.EnqueueAsync("a", "b", "c");

        var result = await fixture.Deliverer.DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new DeliveryCycleResultView(3, 0, 0), DeliveryCycleResultView.From(result));
        var batch = Assert.Single(fixture.PostedBatches());
        Assert.Equal(statements.Select(statement => statement.Id!.Value), batch);
        var request = Assert.Single(fixture.Lrs.LogEntries).RequestMessage;
        Assert.Equal("1.0.3", request.Headers!["X-Experience-API-Version"].Single());
        Assert.StartsWith("Basic ", request.Headers["Authorization"].Single(), StringComparison.Ordinal);
        Assert.All(await fixture.ReadRowsAsync(), row =>
        {
            Assert.Equal(fixture.NowMs, row.DeliveredAtMs);
            Assert.Null(row.LeaseOwner);
            Assert.Equal(200, row.LastStatus);
        });
        Assert.Equal(0, await fixture.Outbox.CountPendingAsync(fixture.DistrictId, TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task EnqueueAsync_RolledBackTransaction_QueuesNothing(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        var token = TestContext.Current.CancellationToken;

        await using (var connection = await fixture.Database.OpenAsync(token))
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            await fixture.Outbox.EnqueueAsync(connection, transaction, fixture.DistrictId, OutboxFixture.CreateStatement("rolled-back"), token);
            await transaction.RollbackAsync(token);
        }

        Assert.Empty(await fixture.ReadRowsAsync());
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task EnqueueAsync_SameEventTwice_QueuesOnce(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        var token = TestContext.Current.CancellationToken;
        await using var connection = await fixture.Database.OpenAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);

        var first = await fixture.Outbox.EnqueueAsync(connection, transaction, fixture.DistrictId, OutboxFixture.CreateStatement("replayed"), token);
        var second = await fixture.Outbox.EnqueueAsync(connection, transaction, fixture.DistrictId, OutboxFixture.CreateStatement("replayed"), token);
        await transaction.CommitAsync(token);

        Assert.True(first);
        Assert.False(second);
        Assert.Single(await fixture.ReadRowsAsync());
    }

    [Fact]
    public async Task EnqueueAsync_InvalidStatement_ThrowsNamingTheRule()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        var token = TestContext.Current.CancellationToken;
        var statement = OutboxFixture.CreateStatement("bad");
        statement.Verb = new Verb("completed");
        await using var connection = await fixture.Database.OpenAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Outbox.EnqueueAsync(connection, transaction, fixture.DistrictId, statement, token));

        Assert.Contains("$.verb.id: iri", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_StatementWithoutId_Throws()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        var token = TestContext.Current.CancellationToken;
        var statement = OutboxFixture.CreateStatement("no-id");
        statement.Id = null;
        await using var connection = await fixture.Database.OpenAsync(token);
        await using var transaction = await connection.BeginTransactionAsync(token);

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Outbox.EnqueueAsync(connection, transaction, fixture.DistrictId, statement, token));
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task DeliverDueAsync_ServerError_BacksOffExponentiallyWithJitter(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        fixture.Lrs.Given(PostStatements()).RespondWith(Response.Create().WithStatusCode(500).WithBody("database unavailable"));
        await fixture.EnqueueAsync("a");
        var token = TestContext.Current.CancellationToken;

        var first = await fixture.Deliverer.DeliverDueAsync(token);
        var afterFirst = Assert.Single(await fixture.ReadRowsAsync());
        var firstDelay = afterFirst.NextAttemptAtMs - fixture.NowMs;
        fixture.Time.Advance(TimeSpan.FromMilliseconds(firstDelay - 1));
        var tooEarly = await fixture.Deliverer.DeliverDueAsync(token);
        fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        await fixture.Deliverer.DeliverDueAsync(token);
        var afterSecond = Assert.Single(await fixture.ReadRowsAsync());
        var secondDelay = afterSecond.NextAttemptAtMs - fixture.NowMs;

        Assert.Equal(1, first.Rescheduled);
        Assert.Equal(0, tooEarly.Rescheduled + tooEarly.Delivered);
        Assert.InRange(firstDelay, 2_500, 5_000);
        Assert.InRange(secondDelay, 5_000, 10_000);
        Assert.Equal(2, afterSecond.Attempts);
        Assert.Equal(500, afterSecond.LastStatus);
        Assert.Equal("LRS returned 500: database unavailable", afterSecond.LastError);
        Assert.Null(afterSecond.DeliveredAtMs);
        Assert.Equal(2, fixture.PostedBatches().Count);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task DeliverDueAsync_RetryAfter_WaitsThatLong(int status)
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        fixture.Lrs.Given(PostStatements()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Retry-After", "120"));
        await fixture.EnqueueAsync("a", "b");
        var token = TestContext.Current.CancellationToken;

        await fixture.Deliverer.DeliverDueAsync(token);
        fixture.Lrs.ResetMappings();
        AcceptAll(fixture);
        fixture.Time.Advance(TimeSpan.FromSeconds(119));
        var early = await fixture.Deliverer.DeliverDueAsync(token);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var onTime = await fixture.Deliverer.DeliverDueAsync(token);

        Assert.Equal(0, early.Delivered);
        Assert.Equal(2, onTime.Delivered);
        Assert.Equal(2, fixture.PostedBatches().Count);
    }

    [Fact]
    public async Task DeliverDueAsync_RetryAfterBeyondMaximum_IsCapped()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        fixture.Lrs.Given(PostStatements()).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "86400"));
        await fixture.EnqueueAsync("a");

        await fixture.Deliverer.DeliverDueAsync(TestContext.Current.CancellationToken);

        var row = Assert.Single(await fixture.ReadRowsAsync());
        Assert.Equal(fixture.NowMs + (long)fixture.Options.MaxRetryDelay.TotalMilliseconds, row.NextAttemptAtMs);
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task DeliverDueAsync_PayloadTooLarge_SplitsUntilAccepted(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider);
        // This LRS takes at most two statements per request.
        fixture.Lrs.Given(PostStatements().WithBody((string? body) => JsonDocument.Parse(body!).RootElement.GetArrayLength() > 2)).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(413).WithBody("Request Entity Too Large"));
        AcceptAll(fixture);
        var statements = await fixture.EnqueueAsync("a", "b", "c", "d", "e");

        var result = await fixture.Deliverer.DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, result.Delivered);
        var batches = fixture.PostedBatches();
        Assert.Equal([5, 2, 3, 1, 2], batches.Select(batch => batch.Count));
        var accepted = batches.Where(batch => batch.Count <= 2).SelectMany(batch => batch).ToList();
        Assert.Equal(statements.Select(statement => statement.Id!.Value), accepted);
    }

    [Fact]
    public async Task DeliverDueAsync_OneInvalidInBatch_RejectsOnlyThatStatement()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        var bad = StatementIds.ForPdEvent("c").ToString();
        fixture.Lrs.Given(PostStatements().WithBody((string? body) => body!.Contains(bad, StringComparison.Ordinal))).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("{\"message\":\"activity id is not allowed\"}"));
        AcceptAll(fixture);
        await fixture.EnqueueAsync("a", "b", "c", "d");

        var result = await fixture.Deliverer.DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new DeliveryCycleResultView(3, 0, 1), DeliveryCycleResultView.From(result));
        var rejected = Assert.Single(await fixture.ReadRowsAsync(), row => row.RejectedAtMs is not null);
        Assert.Equal(bad, rejected.StatementId);
        Assert.Equal(400, rejected.LastStatus);
        Assert.Equal("LRS returned 400: activity id is not allowed", rejected.LastError);
        Assert.Equal(0, await fixture.Outbox.CountPendingAsync(fixture.DistrictId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DeliverDueAsync_ConflictWithIdenticalStatement_CountsAsDelivered()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        var statement = OutboxFixture.CreateStatement("a");
        fixture.Lrs.Given(PostStatements()).RespondWith(Response.Create().WithStatusCode(409).WithBody("statement already exists"));
        // The LRS's copy: same statement, with the properties an LRS adds and a different offset.
        var stored = XapiJson.Deserialize(XapiJson.Serialize(statement));
        stored.Stored = fixture.Time.GetUtcNow();
        stored.Authority = Agent.WithAccount("https://lrs.example.org", "district-key");
        stored.Version = "1.0.0";
        var storedJson = XapiJson.Serialize(stored).Replace("2026-01-05T07:00:00.000Z", "2026-01-05T09:00:00+02:00", StringComparison.Ordinal);
        fixture.Lrs.Given(Request.Create().WithPath("/xapi/statements").WithParam("statementId", statement.Id!.Value.ToString()).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(storedJson));
        await fixture.EnqueueAsync("a");

        var result = await fixture.Deliverer.DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Delivered);
        var row = Assert.Single(await fixture.ReadRowsAsync());
        Assert.NotNull(row.DeliveredAtMs);
        Assert.Equal(409, row.LastStatus);
    }

    [Fact]
    public async Task DeliverDueAsync_ConflictWithDifferentStatement_Rejects()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        var statement = OutboxFixture.CreateStatement("a");
        fixture.Lrs.Given(PostStatements()).RespondWith(Response.Create().WithStatusCode(409));
        var other = OutboxFixture.CreateStatement("a", XapiVerbs.Passed);
        fixture.Lrs.Given(Request.Create().WithPath("/xapi/statements").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(XapiJson.Serialize(other)));
        await fixture.EnqueueAsync("a");

        var result = await fixture.Deliverer.DeliverDueAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Rejected);
        var row = Assert.Single(await fixture.ReadRowsAsync());
        Assert.Equal(409, row.LastStatus);
        Assert.Contains(statement.Id!.Value.ToString(), row.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task DeliverDueAsync_LrsDownForHours_DrainsBacklogWhenBack(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider, batchSize: 20);
        var token = TestContext.Current.CancellationToken;
        fixture.Lrs.Given(PostStatements()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(503).WithBody("maintenance"));
        var queued = new List<Statement>();

        // Six hours of outage: events keep arriving every 10 minutes and every pass fails.
        for (var minute = 0; minute < 6 * 60; minute += 10)
        {
            queued.AddRange(await fixture.EnqueueAsync($"outage-{minute}-1", $"outage-{minute}-2"));
            await fixture.Deliverer.DeliverDueAsync(token);
            fixture.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var pendingDuringOutage = await fixture.Outbox.CountPendingAsync(fixture.DistrictId, token);
        fixture.Lrs.ResetMappings();
        AcceptAll(fixture);
        fixture.Time.Advance(fixture.Options.MaxRetryDelay);
        var drained = await fixture.Deliverer.DeliverDueAsync(token);

        Assert.Equal(72, pendingDuringOutage);
        Assert.Equal(72, drained.Delivered);
        Assert.Equal(0, await fixture.Outbox.CountPendingAsync(fixture.DistrictId, token));
        var accepted = fixture.PostedBatches().Skip(fixture.PostedBatches().Count - 4).ToList();
        Assert.Equal([20, 20, 20, 12], accepted.Select(batch => batch.Count));
        Assert.Equal(queued.Select(statement => statement.Id!.Value), accepted.SelectMany(batch => batch));
    }

    [Fact]
    public async Task DeliverDueAsync_RowLeasedByOtherNode_WaitsForLeaseExpiry()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        AcceptAll(fixture);
        await fixture.EnqueueAsync("a");
        await fixture.ExecuteAsync(
            "UPDATE xapi_outbox SET lease_owner = 'other-node', lease_expires_at_ms = @Until WHERE district_id = @DistrictId",
            new { Until = fixture.NowMs + 60_000, fixture.DistrictId });
        var token = TestContext.Current.CancellationToken;

        var whileLeased = await fixture.Deliverer.DeliverDueAsync(token);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var afterExpiry = await fixture.Deliverer.DeliverDueAsync(token);

        Assert.Equal(0, whileLeased.Delivered);
        Assert.Equal(1, afterExpiry.Delivered);
        Assert.Single(fixture.PostedBatches());
    }

    [Theory]
    [MemberData(nameof(OutboxFixture.Providers), MemberType = typeof(OutboxFixture))]
    public async Task DeliverDueAsync_ThreeNodesAtOnce_DeliverEachStatementOnce(DatabaseProvider provider)
    {
        await using var fixture = await OutboxFixture.CreateAsync(provider, batchSize: 7);
        fixture.Lrs.Given(PostStatements()).RespondWith(Response.Create().WithStatusCode(200).WithBody(EchoIds).WithDelay(TimeSpan.FromMilliseconds(20)));
        var statements = await fixture.EnqueueAsync([.. Enumerable.Range(0, 60).Select(i => $"node-{i}")]);
        var nodes = Enumerable.Range(0, 3).Select(_ => fixture.CreateDeliverer()).ToList();

        var results = await Task.WhenAll(nodes.Select(node => node.DeliverDueAsync(TestContext.Current.CancellationToken)));

        Assert.Equal(60, results.Sum(result => result.Delivered));
        var posted = fixture.PostedBatches().SelectMany(batch => batch).ToList();
        Assert.Equal(60, posted.Count);
        Assert.Equal(statements.Select(statement => statement.Id!.Value).Order(), posted.Order());
    }

    [Fact]
    public async Task PurgeDeliveredAsync_OldDeliveredRows_AreDeletedPendingKept()
    {
        await using var fixture = await OutboxFixture.CreateAsync(DatabaseProvider.Sqlite);
        AcceptAll(fixture);
        await fixture.EnqueueAsync("delivered");
        await fixture.Deliverer.DeliverDueAsync(TestContext.Current.CancellationToken);
        fixture.Lrs.ResetMappings();
        fixture.Lrs.Given(PostStatements()).RespondWith(Response.Create().WithStatusCode(500));
        await fixture.EnqueueAsync("pending");
        fixture.Time.Advance(fixture.Options.DeliveredRetention + TimeSpan.FromMinutes(1));

        var deleted = await fixture.Deliverer.PurgeDeliveredAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, deleted);
        Assert.Equal(StatementIds.ForPdEvent("pending").ToString(), Assert.Single(await fixture.ReadRowsAsync()).StatementId);
    }

    /// <summary>The counts of a <c>DeliveryCycleResult</c>, for one-line asserts.</summary>
    private sealed record DeliveryCycleResultView(int Delivered, int Rescheduled, int Rejected)
    {
        public static DeliveryCycleResultView From(XapiBridge.Forwarding.DeliveryCycleResult result) =>
            new(result.Delivered, result.Rescheduled, result.Rejected);
    }
}
