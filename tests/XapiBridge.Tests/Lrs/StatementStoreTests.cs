using System.Text.Json;
using System.Text.Json.Nodes;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class StatementStoreTests
{
    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_NewStatement_StoresIdStoredAuthorityAndVersion(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();

        var result = await lrs.PostAsync(tenant, StatementBuilder.Statement());

        var id = Assert.Single(result.Value!);
        var row = await lrs.Reader.FindAsync(tenant, id, TestContext.Current.CancellationToken);
        Assert.NotNull(row);
        using var stored = JsonDocument.Parse(row.StatementJson);
        Assert.Equal(id, stored.RootElement.GetProperty("id").GetString());
        Assert.Equal("2026-03-02T09:00:00.000Z", stored.RootElement.GetProperty("stored").GetString());
        Assert.Equal("2026-03-02T09:00:00.000Z", stored.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal("1.0.0", stored.RootElement.GetProperty("version").GetString());
        Assert.Equal("writer", stored.RootElement.GetProperty("authority").GetProperty("account").GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_SameIdSameContent_AcceptedOnce(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var id = StatementBuilder.NewId();

        var first = await lrs.PostAsync(tenant, StatementBuilder.Statement(id));
        lrs.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await lrs.PostAsync(tenant, StatementBuilder.Statement(id.ToUpperInvariant()));

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        var rows = await lrs.Feed.ReadAfterAsync(0, 10, TestContext.Current.CancellationToken, tenant);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), Assert.Single(rows).StoredAt);
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_SameIdDifferentContent_ConflictsAndStoresNothingOfTheBatch(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var id = StatementBuilder.NewId();
        await lrs.PostAsync(tenant, StatementBuilder.Statement(id));

        var batch = new JsonArray(StatementBuilder.Statement(StatementBuilder.NewId()), StatementBuilder.Statement(id, mbox: "mailto:other@district.example"));
        var result = await lrs.PostAsync(tenant, batch);

        Assert.Equal(409, result.Error?.Status);
        Assert.Single(await lrs.Feed.ReadAfterAsync(0, 10, TestContext.Current.CancellationToken, tenant));
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_VoidingStatement_HidesTargetFromQueries(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var targetId = StatementBuilder.NewId();
        await lrs.PostAsync(tenant, StatementBuilder.Statement(targetId));

        var voiding = await lrs.PostAsync(tenant, StatementBuilder.Voiding(targetId));

        var target = await lrs.Reader.FindAsync(tenant, targetId, TestContext.Current.CancellationToken);
        Assert.Equal(1, target!.Voided);
        var page = await lrs.QueryAsync(tenant, new StatementQuery { Limit = 10, ActivityId = "https://pd.example.edu/courses/literacy-101" });
        var returned = Assert.Single(page);
        Assert.Equal(Assert.Single(voiding.Value!), returned.StatementId);
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_VoidingAVoidingStatement_LeavesItVisible(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var targetId = StatementBuilder.NewId();
        await lrs.PostAsync(tenant, StatementBuilder.Statement(targetId));
        var voidingId = Assert.Single((await lrs.PostAsync(tenant, StatementBuilder.Voiding(targetId))).Value!);

        var result = await lrs.PostAsync(tenant, StatementBuilder.Voiding(voidingId));

        Assert.True(result.Succeeded);
        var voiding = await lrs.Reader.FindAsync(tenant, voidingId, TestContext.Current.CancellationToken);
        Assert.Equal(0, voiding!.Voided);
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Query_OtherTenant_SeesNoStatements(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var otherTenant = LrsHarness.NewTenant();
        var id = Assert.Single((await lrs.PostAsync(tenant, StatementBuilder.Statement())).Value!);

        var page = await lrs.QueryAsync(otherTenant, new StatementQuery { Limit = 10 });
        var byId = await lrs.Reader.FindAsync(otherTenant, id, TestContext.Current.CancellationToken);

        Assert.Empty(page);
        Assert.Null(byId);
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Query_AgentFilter_IncludesStatementsTargetingMatches(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var targetId = Assert.Single((await lrs.PostAsync(tenant, StatementBuilder.Statement(mbox: "mailto:a@district.example"))).Value!);
        var reference = new JsonObject
        {
            ["actor"] = new JsonObject { ["mbox"] = "mailto:coach@district.example" },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/commented" },
            ["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = targetId },
        };
        var referenceId = Assert.Single((await lrs.PostAsync(tenant, reference)).Value!);
        await lrs.PostAsync(tenant, StatementBuilder.Statement(mbox: "mailto:b@district.example"));

        var page = await lrs.QueryAsync(tenant, new StatementQuery { Limit = 10, AgentKey = "mbox:mailto:a@district.example" });

        Assert.Equal([referenceId, targetId], page.Select(row => row.StatementId));
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Query_CursorPages_StayStableWhenStatementsArrive(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var ids = new List<string>();
        for (var index = 0; index < 5; index++)
        {
            ids.Add(Assert.Single((await lrs.PostAsync(tenant, StatementBuilder.Statement())).Value!));
            lrs.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = StatementQueryParser.Parse(new Dictionary<string, string> { ["limit"] = "2" }, 500).Value!;
        var (firstRows, maxSeq) = await lrs.QueryPageAsync(tenant, first);
        var cursor = StatementQueryParser.CreateCursor(first, firstRows[1].Seq, maxSeq);
        await lrs.PostAsync(tenant, StatementBuilder.Statement());
        var second = StatementQueryParser.ParseCursor(cursor, 500).Value!;
        var secondRows = await lrs.QueryAsync(tenant, second);

        Assert.Equal([ids[4], ids[3], ids[2]], firstRows.Select(row => row.StatementId));
        Assert.Equal([ids[2], ids[1], ids[0]], secondRows.Select(row => row.StatementId));
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Feed_AfterWatermark_ReturnsAscendingBoundedBatchAndWakesWaiters(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var ids = Assert.IsAssignableFrom<IReadOnlyList<string>>((await lrs.PostAsync(tenant, new JsonArray(
            StatementBuilder.Statement(), StatementBuilder.Statement(), StatementBuilder.Statement()))).Value);
        var all = await lrs.Feed.ReadAfterAsync(0, 10, TestContext.Current.CancellationToken, tenant);
        var watermark = all[^1].Sequence;
        var waiting = lrs.Feed.WaitForStatementsAsync(watermark, TestContext.Current.CancellationToken);

        var firstTwo = await lrs.Feed.ReadAfterAsync(0, 2, TestContext.Current.CancellationToken, tenant);
        Assert.False(waiting.IsCompleted);
        await lrs.PostAsync(tenant, StatementBuilder.Statement());
        await waiting;
        var after = await lrs.Feed.ReadAfterAsync(watermark, 10, TestContext.Current.CancellationToken, tenant);

        Assert.Equal(ids, all.Select(statement => statement.StatementId));
        Assert.Equal(ids.Take(2), firstTwo.Select(statement => statement.StatementId));
        Assert.Single(after);
        Assert.True(after[0].Sequence > watermark);
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_ConcurrentBatches_ConflictFailsOnlyItsBatch(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var storedId = StatementBuilder.NewId();
        await lrs.PostAsync(tenant, StatementBuilder.Statement(storedId));
        var batches = Enumerable.Range(0, 24)
            .Select(index => index == 11
                ? new JsonArray(StatementBuilder.Statement(StatementBuilder.NewId()), StatementBuilder.Statement(storedId, mbox: "mailto:other@district.example"))
                : new JsonArray(StatementBuilder.Statement(StatementBuilder.NewId()), StatementBuilder.Statement(StatementBuilder.NewId())))
            .ToList();

        var results = await Task.WhenAll(batches.Select(batch => Task.Run(() => lrs.PostAsync(tenant, batch))));

        Assert.Equal(409, results[11].Error?.Status);
        Assert.All(results.Where((_, index) => index != 11), result => Assert.True(result.Succeeded));
        var stored = await lrs.Feed.ReadAfterAsync(0, 100, TestContext.Current.CancellationToken, tenant);
        var expected = results.Where(result => result.Succeeded).SelectMany(result => result.Value!).Append(storedId).Order(StringComparer.Ordinal);
        Assert.Equal(expected, stored.Select(statement => statement.StatementId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_BatchVoidingEarlierStatement_VoidsIt(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var targetId = StatementBuilder.NewId();
        var laterId = StatementBuilder.NewId();

        var result = await lrs.PostAsync(tenant, new JsonArray(
            StatementBuilder.Statement(targetId), StatementBuilder.Voiding(targetId), StatementBuilder.Statement(laterId)));

        Assert.True(result.Succeeded);
        var target = await lrs.Reader.FindAsync(tenant, targetId, TestContext.Current.CancellationToken);
        Assert.Equal(1, target!.Voided);
        var page = await lrs.QueryAsync(tenant, new StatementQuery { Limit = 10, ActivityId = "https://pd.example.edu/courses/literacy-101" });
        Assert.Equal([laterId, result.Value![1]], page.Select(row => row.StatementId));
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Post_BatchOfThousand_StoresInOrderWithIndexRows(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var lrs = new LrsHarness(database.Database);
        var tenant = LrsHarness.NewTenant();
        var ids = Enumerable.Range(0, 1000).Select(_ => StatementBuilder.NewId()).ToList();

        var result = await lrs.PostAsync(tenant, new JsonArray(ids.Select(id => (JsonNode?)StatementBuilder.Statement(id, mbox: "mailto:bulk@district.example")).ToArray()));

        Assert.Equal(ids, result.Value);
        var stored = await lrs.Feed.ReadAfterAsync(0, 2000, TestContext.Current.CancellationToken, tenant);
        Assert.Equal(ids, stored.Select(statement => statement.StatementId));
        var page = await lrs.QueryAsync(tenant, new StatementQuery { Limit = 5, AgentKey = "mbox:mailto:bulk@district.example" });
        Assert.Equal(ids.AsEnumerable().Reverse().Take(5), page.Take(5).Select(row => row.StatementId));
    }
}
