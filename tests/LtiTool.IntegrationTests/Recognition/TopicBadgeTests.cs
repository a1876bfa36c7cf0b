using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Recognition;

/// <summary>
/// A badge over the modules of a catalog topic: its narrative shows before it is earned, and a
/// module completion of that topic, written to the embedded LRS by the learning sink, earns it.
/// </summary>
public sealed class TopicBadgeTests : IClassFixture<LearnerAppFixture>
{
    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private readonly LearnerAppFixture _app;

    public TopicBadgeTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https://tool.example.org/modules/test-module", "Testing")]
    [InlineData("https://tool.example.org/modules/other%2Dmodule", "Testing")]
    [InlineData("https://tool.example.org/modules/missing", null)]
    [InlineData("https://tool.example.org/modules/test-module/items/intro", null)]
    [InlineData("https://tool.example.org/courses/test-module", null)]
    public void TopicOf_ModuleActivityId_ReadsCatalog(string activityId, string? expected)
    {
        var catalog = _app.Factory.Services.GetRequiredService<ModuleCatalog>();

        Assert.Equal(expected, CatalogModuleTopics.TopicOf(catalog, activityId));
    }

    [Fact]
    public async Task TopicBadge_ModuleInTopic_ShowsNarrativeThenEarns()
    {
        var learner = await _app.CreateLearnerAsync();
        var tenant = (await _app.Factory.Services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, Token))!.DistrictId;
        var badge = new BadgeDefinition
        {
            Id = "testing-topic", Name = "Testing explorer", Description = "Completed a module on testing.",
            CriteriaNarrative = "Complete one module in the Testing topic.", Criterion = BadgeCriterion.ModulesCompletedInTopic, Threshold = 1, Topic = "testing",
        };
        var applied = await _app.Factory.Services.GetRequiredService<GamificationEngine>().ApplyRulesAsync(tenant, RuleSet.Default with { Badges = [badge] }, "admin", Token);
        Assert.Null(applied.Error);

        using var before = await _app.GetAsync(learner, "/app/recognition");
        var locked = (await LearnerAppFixture.ReadPageAsync(before)).QuerySelector("[data-badge-id=testing-topic]")!;
        var sink = _app.Factory.Services.GetRequiredService<ILearningEventSink>();
        var database = _app.Factory.Services.GetRequiredService<Database>();
        var completed = new LearningStep
        {
            RegistrationId = learner.Session.RegistrationId,
            UserId = learner.Session.UserId,
            ContextId = learner.Session.ContextId,
            ModuleId = "test-module",
            OccurredAt = DateTimeOffset.UtcNow,
        };
        IReadOnlyList<string> queued;
        await using (var connection = await database.OpenAsync(Token))
        await using (var transaction = await connection.BeginTransactionAsync(Token))
        {
            queued = await sink.QueueAsync(connection, transaction, [new LearningEvent(LearningEventVerb.Completed, completed)], Token);
            await transaction.CommitAsync(Token);
        }

        await sink.DeliverAsync(completed.RegistrationId, completed.UserId, queued, Token);
        var earned = await WaitForBadgeAsync(learner, "testing-topic");

        Assert.Equal("false", locked.GetAttribute("data-earned"));
        Assert.Contains("Complete one module in the Testing topic.", locked.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", earned);
    }

    private async Task<string?> WaitForBadgeAsync(Learner learner, string badgeId)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            using var response = await _app.GetAsync(learner, "/app/recognition");
            var earned = (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector($"[data-badge-id={badgeId}]")?.GetAttribute("data-earned");
            if (earned == "true" || DateTimeOffset.UtcNow > deadline)
            {
                return earned;
            }

            await Task.Delay(200, Token);
        }
    }
}
