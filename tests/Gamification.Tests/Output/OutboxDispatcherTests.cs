using System.Text.Json.Nodes;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LtiPd.Gamification.Tests.Output;

public sealed class OutboxDispatcherTests
{
    private static readonly DateTimeOffset Monday = new(2026, 9, 14, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispatch_AfterAwards_SendsEachStatementOnce()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        await engine.ApplyRulesAsync(StatementJson.DistrictId, TestRules.WithBadges(), "admin-1", Token);
        var module1 = Module(1, Monday).Parse();
        await engine.ProcessAsync(module1, Token);
        await engine.ProcessAsync(Module(2, Monday.AddHours(1)).Parse(), Token);
        var sink = new RecordingSink();
        var dispatcher = new OutboxDispatcher(db.Database, sink, EngineFactory.Clock(), NullLogger<OutboxDispatcher>.Instance);

        var sent = await dispatcher.DispatchAsync(100, Token);
        await engine.RebuildAsync(StatementJson.DistrictId, Token);
        var sentAfterRebuild = await dispatcher.DispatchAsync(100, Token);

        Assert.Equal(5, sent);
        Assert.Equal(0, sentAfterRebuild);
        Assert.Equal(["badge", "badge", "level", "points", "points"], sink.Sent.Select(s => s.Kind).Order(StringComparer.Ordinal));
        var points = JsonNode.Parse(sink.Sent.Single(s => s.Kind == "points" && s.Json.Contains("modules/1", StringComparison.Ordinal)).Json)!;
        Assert.Equal(XapiTerms.Earned, points["verb"]!["id"]!.GetValue<string>());
        Assert.Equal("teacher-1", points["actor"]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal(50, points["result"]!["score"]!["raw"]!.GetValue<int>());
        Assert.Equal(module1.Id.ToString("D"), points["context"]!["statement"]!["id"]!.GetValue<string>());
        Assert.Equal("2026-09-14T15:00:00.000Z", points["timestamp"]!.GetValue<string>());
        var level = JsonNode.Parse(sink.Sent.Single(s => s.Kind == "level").Json)!;
        Assert.Equal("https://ltipd.org/xapi/gamification/levels/2", level["object"]!["id"]!.GetValue<string>());
        Assert.Equal("Level 2", level["object"]!["definition"]!["name"]!["en-US"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dispatch_SinkFails_KeepsStatementForRetry()
    {
        await using var db = await GamificationTestDatabase.CreateAsync();
        var engine = EngineFactory.Create(db.Database);
        await engine.ProcessAsync(new StatementJson().Parse(), Token);
        var sink = new RecordingSink { FailNext = true };
        var dispatcher = new OutboxDispatcher(db.Database, sink, EngineFactory.Clock(), NullLogger<OutboxDispatcher>.Instance);

        var first = await dispatcher.DispatchAsync(10, Token);
        var second = await dispatcher.DispatchAsync(10, Token);

        Assert.Equal((0, 1), (first, second));
        Assert.Single(sink.Sent);
    }

    private static StatementJson Module(int number, DateTimeOffset stored) => new()
    {
        Stored = stored, ActivityType = XapiTerms.ModuleType, ActivityId = $"https://pd.district.test/modules/{number}",
    };

    private sealed class RecordingSink : IAwardStatementSink
    {
        public bool FailNext { get; set; }

        public List<OutputStatement> Sent { get; } = [];

        public Task SendAsync(string tenantId, OutputStatement statement, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new HttpRequestException("LRS unavailable");
            }

            Sent.Add(statement);
            return Task.CompletedTask;
        }
    }
}
