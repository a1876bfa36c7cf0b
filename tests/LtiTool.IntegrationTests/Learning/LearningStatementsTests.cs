using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Lrs.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Learning;

/// <summary>
/// A learner's steps on the learner pages reach the embedded LRS as PD profile statements, and the
/// gamification engine in the same host awards points for them and writes the award statements back.
/// </summary>
public sealed class LearningStatementsTests : IClassFixture<LearnerAppFixture>
{
    private const string Module = "/app/modules/test-module";

    // The engine polls every second in the fixture. This bounds the wait on a slow machine.
    private static readonly TimeSpan AwardWait = TimeSpan.FromSeconds(60);

    private static readonly SqlText SubjectSql = SqlText.Portable("SELECT subject FROM lti_users WHERE id = @UserId");

    private static readonly SqlText LedgerSql = SqlText.Portable(
        "SELECT rule_key AS RuleKey, item_id AS ItemId, points AS Points, status AS Status, source_statement_id AS SourceStatementId " +
        "FROM gamification_ledger WHERE tenant_id = @TenantId ORDER BY position, rule_key");

    private readonly LearnerAppFixture _app;

    public LearningStatementsTests(LearnerAppFixture app)
    {
        _app = app;
    }

    [Fact]
    public async Task ReadAndQuiz_Completed_StoredAndAwarded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var learner = await _app.CreateLearnerAsync(districtName: LearnerAppFixture.LrsDistrictName);
        var districtId = DistrictIds.FromName(LearnerAppFixture.LrsDistrictName);
        var (issuer, subject) = await AccountOfAsync(learner, cancellationToken);

        using (var read = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        using (var quiz = await _app.PostWithTokenAsync(learner, Module + "/activities/quiz/quiz", ("q-colour", "blue"), ("q-sum", "four")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
            Assert.Equal(HttpStatusCode.SeeOther, quiz.StatusCode);
        }

        var learning = (await ReadStatementsAsync(issuer, subject, cancellationToken))
            .Where(statement => Verb(statement) != XapiTerms.Earned)
            .ToList();
        Assert.Equal(
            ["http://adlnet.gov/expapi/verbs/experienced", "http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/passed"],
            learning.Select(Verb).Reverse().ToList());
        foreach (var statement in learning)
        {
            Assert.Equal(issuer, statement["actor"]!["account"]!["homePage"]!.GetValue<string>());
            Assert.Equal(subject, statement["actor"]!["account"]!["name"]!.GetValue<string>());
            Assert.Equal(districtId, statement["context"]!["extensions"]![XapiTerms.DistrictExtension]!.GetValue<string>());
            Assert.NotNull(statement["context"]!["registration"]);
        }

        var experienced = learning.Single(statement => Verb(statement) == "http://adlnet.gov/expapi/verbs/experienced");
        var passed = learning.Single(statement => Verb(statement) == "http://adlnet.gov/expapi/verbs/passed");
        Assert.EndsWith("/items/test-module.intro", ObjectId(experienced), StringComparison.Ordinal);
        Assert.Equal(XapiTerms.LessonType, experienced["object"]!["definition"]!["type"]!.GetValue<string>());
        Assert.EndsWith("/assessments/test-module.quiz", ObjectId(passed), StringComparison.Ordinal);
        Assert.Equal(1.0, passed["result"]!["score"]!["scaled"]!.GetValue<double>());

        var ledger = await WaitForLedgerAsync(districtId, expectedRows: 2, cancellationToken);
        Assert.Equal(2, ledger.Count);
        var lesson = Assert.Single(ledger, row => row.RuleKey == "lesson");
        Assert.Equal((ObjectId(experienced), 10, "counted", Id(experienced)), (lesson.ItemId, lesson.Points, lesson.Status, lesson.SourceStatementId));
        var check = Assert.Single(ledger, row => row.RuleKey == "check");
        Assert.Equal((ObjectId(passed), 10, "counted", Id(passed)), (check.ItemId, check.Points, check.Status, check.SourceStatementId));

        var earned = await WaitForEarnedPointsAsync(issuer, subject, expectedCount: 2, cancellationToken);
        Assert.Equal(2, earned.Count);
        var earnedForLesson = Assert.Single(earned, statement => statement["context"]!["statement"]!["id"]!.GetValue<string>() == Id(experienced));
        Assert.Equal(10, earnedForLesson["result"]!["score"]!["raw"]!.GetValue<int>());
        Assert.Equal(districtId, earnedForLesson["context"]!["extensions"]![XapiTerms.DistrictExtension]!.GetValue<string>());
        var earnedForCheck = Assert.Single(earned, statement => statement["context"]!["statement"]!["id"]!.GetValue<string>() == Id(passed));
        Assert.Equal(10, earnedForCheck["result"]!["score"]!["raw"]!.GetValue<int>());
    }

    [Fact]
    public async Task ForwardedDistrict_ReadDone_QueuesStatement()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var outbox = _app.Factory.Services.GetRequiredService<XapiOutbox>();
        var forwardedDistrict = DistrictIds.FromName(LearnerAppFixture.ForwardingDistrictName);
        var learner = await _app.CreateLearnerAsync(districtName: LearnerAppFixture.ForwardingDistrictName);
        var pendingBefore = await outbox.CountPendingAsync(forwardedDistrict, cancellationToken);

        using (var read = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        }

        Assert.Equal(pendingBefore + 1, await outbox.CountPendingAsync(forwardedDistrict, cancellationToken));
        Assert.Equal(0, await outbox.CountPendingAsync(DistrictIds.FromName(LearnerAppFixture.LrsDistrictName), cancellationToken));
    }

    [Fact]
    public async Task ReadDoneTwice_StoresOneExperienced()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var services = _app.Factory.Services;
        var outbox = services.GetRequiredService<XapiOutbox>();
        var feed = services.GetRequiredService<LrsStatementFeed>();
        var districtId = DistrictIds.FromName(LearnerAppFixture.ForwardingDistrictName);
        var learner = await _app.CreateLearnerAsync(districtName: LearnerAppFixture.ForwardingDistrictName);
        var (_, subject) = await AccountOfAsync(learner, cancellationToken);
        var pendingBefore = await outbox.CountPendingAsync(districtId, cancellationToken);

        using (var first = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        using (var second = await _app.PostWithTokenAsync(learner, Module + "/activities/intro/done"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
            Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        }

        Assert.Equal(pendingBefore + 1, await outbox.CountPendingAsync(districtId, cancellationToken));
        var experienced = (await feed.ReadAfterAsync(0, LrsStatementFeed.MaxBatchSize, cancellationToken, districtId))
            .Where(row => row.Statement.GetProperty("actor").GetProperty("account").GetProperty("name").GetString() == subject)
            .Where(row => row.Statement.GetProperty("verb").GetProperty("id").GetString() == XapiTerms.Experienced)
            .ToList();
        Assert.Single(experienced);
        Assert.Empty(await services.GetRequiredService<StatementOutbox>().ListForUserAsync(learner.Session.RegistrationId, learner.Session.UserId, cancellationToken));
    }

    [Fact]
    public async Task SameStepTwice_StoresAndQueuesOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var services = _app.Factory.Services;
        var sink = services.GetRequiredService<XapiLearningEventSink>();
        var outbox = services.GetRequiredService<XapiOutbox>();
        var database = services.GetRequiredService<Database>();
        var forwardedDistrict = DistrictIds.FromName(LearnerAppFixture.ForwardingDistrictName);
        var learner = await _app.CreateLearnerAsync(districtName: LearnerAppFixture.ForwardingDistrictName);
        var step = new LearningStep
        {
            RegistrationId = learner.Session.RegistrationId,
            UserId = learner.Session.UserId,
            ContextId = learner.Session.ContextId,
            ModuleId = "test-module",
            OccurredAt = new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero),
        };
        var feed = services.GetRequiredService<LrsStatementFeed>();
        var pendingBefore = await outbox.CountPendingAsync(forwardedDistrict, cancellationToken);

        var first = await QueueAndDeliverAsync(database, sink, step, cancellationToken);
        var second = await QueueAndDeliverAsync(database, sink, step, cancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(pendingBefore + 1, await outbox.CountPendingAsync(forwardedDistrict, cancellationToken));
        var (issuer, subject) = await AccountOfAsync(learner, cancellationToken);
        var stored = (await feed.ReadAfterAsync(0, LrsStatementFeed.MaxBatchSize, cancellationToken, forwardedDistrict))
            .Where(row => row.Statement.GetProperty("actor").GetProperty("account").GetProperty("name").GetString() == subject)
            // The engine, woken by the commit, may already have stored its award statements for
            // the same learner; only the step's own statement counts here.
            .Where(row => row.Statement.GetProperty("verb").GetProperty("id").GetString() == "http://adlnet.gov/expapi/verbs/completed")
            .ToList();
        var completed = Assert.Single(stored);
        Assert.Equal(Assert.Single(first), completed.Statement.GetProperty("id").GetString());
        Assert.Equal(issuer, completed.Statement.GetProperty("actor").GetProperty("account").GetProperty("homePage").GetString());
        Assert.EndsWith("/modules/test-module", completed.Statement.GetProperty("object").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Empty(await services.GetRequiredService<StatementOutbox>().ListForUserAsync(learner.Session.RegistrationId, learner.Session.UserId, cancellationToken));
    }

    [Fact]
    public async Task Reflection_Submitted_StoredWithResponseAndAwarded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var services = _app.Factory.Services;
        var feed = services.GetRequiredService<LrsStatementFeed>();
        var outbox = services.GetRequiredService<XapiOutbox>();
        // The forwarding district, so this test adds no ledger rows to the district another test counts.
        var districtId = DistrictIds.FromName(LearnerAppFixture.ForwardingDistrictName);
        var learner = await _app.CreateLearnerAsync(districtName: LearnerAppFixture.ForwardingDistrictName);
        var (issuer, subject) = await AccountOfAsync(learner, cancellationToken);
        const string Text = "I will start each lesson with a question <b>and</b> an exit ticket.";
        var pendingBefore = await outbox.CountPendingAsync(districtId, cancellationToken);

        using (var posted = await _app.PostWithTokenAsync(learner, Module + "/activities/reflect/reflection", ("reflection", Text)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        }

        var mine = (await feed.ReadAfterAsync(0, LrsStatementFeed.MaxBatchSize, cancellationToken, districtId))
            .Where(row => row.Statement.GetProperty("actor").GetProperty("account").GetProperty("name").GetString() == subject)
            .Select(row => JsonNode.Parse(row.Statement.GetRawText())!)
            .ToList();
        var reflection = Assert.Single(mine, statement => Verb(statement) == XapiTerms.Submitted);
        Assert.Equal(issuer, reflection["actor"]!["account"]!["homePage"]!.GetValue<string>());
        Assert.EndsWith("/reflections/test-module.reflect", ObjectId(reflection), StringComparison.Ordinal);
        Assert.Equal(XapiTerms.ReflectionType, reflection["object"]!["definition"]!["type"]!.GetValue<string>());
        Assert.Equal(Text, reflection["result"]!["response"]!.GetValue<string>());
        Assert.True(reflection["result"]!["completion"]!.GetValue<bool>());
        Assert.Equal(Text.Length, reflection["result"]!["extensions"]!["https://w3id.org/ltipd/xapi/extensions/response-length"]!.GetValue<int>());
        Assert.EndsWith("/modules/test-module", reflection["context"]!["contextActivities"]!["parent"]![0]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(pendingBefore + 1, await outbox.CountPendingAsync(districtId, cancellationToken));
        Assert.Empty(await services.GetRequiredService<StatementOutbox>().ListForUserAsync(learner.Session.RegistrationId, learner.Session.UserId, cancellationToken));

        var award = await WaitForLedgerRowAsync(districtId, Id(reflection), cancellationToken);
        Assert.NotNull(award);
        Assert.Equal(("reflection", ObjectId(reflection), 15L, "counted"), (award.RuleKey, award.ItemId, award.Points, award.Status));
    }

    private static async Task<IReadOnlyList<string>> QueueAndDeliverAsync(Database database, XapiLearningEventSink sink, LearningStep step, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> queued;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            queued = await sink.QueueAsync(connection, transaction, [new LearningEvent(LearningEventVerb.Completed, step)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await sink.DeliverAsync(step.RegistrationId, step.UserId, queued, cancellationToken);
        return queued;
    }

    private async Task<(string Issuer, string Subject)> AccountOfAsync(Learner learner, CancellationToken cancellationToken)
    {
        var services = _app.Factory.Services;
        var registration = await services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, cancellationToken);
        var database = services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(cancellationToken);
        var subject = await connection.QuerySingleAsync<string>(database.Command(SubjectSql, new { learner.Session.UserId }, cancellationToken));
        return (registration!.Issuer, subject);
    }

    /// <summary>Reads the learner's statements through <c>GET /xapi/statements</c>, newest first.</summary>
    private async Task<IReadOnlyList<JsonNode>> ReadStatementsAsync(string issuer, string subject, CancellationToken cancellationToken)
    {
        var agent = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = issuer, ["name"] = subject } };
        using var client = _app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements?limit=100&agent=" + Uri.EscapeDataString(agent.ToJsonString()));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LearnerAppFixture.LrsKey}:{LearnerAppFixture.LrsSecret}")));
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        using var response = await client.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return body["statements"]!.AsArray().Select(statement => statement!).ToList();
    }

    private async Task<IReadOnlyList<LedgerRow>> WaitForLedgerAsync(string districtId, int expectedRows, CancellationToken cancellationToken)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                var rows = (await connection.QueryAsync<LedgerRow>(database.Command(LedgerSql, new { TenantId = districtId }, cancellationToken))).ToList();
                if (rows.Count >= expectedRows || DateTimeOffset.UtcNow > deadline)
                {
                    return rows;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private async Task<LedgerRow?> WaitForLedgerRowAsync(string districtId, string sourceStatementId, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            var rows = await WaitForLedgerAsync(districtId, expectedRows: 0, cancellationToken);
            var row = rows.FirstOrDefault(candidate => candidate.SourceStatementId == sourceStatementId);
            if (row is not null || DateTimeOffset.UtcNow > deadline)
            {
                return row;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private async Task<IReadOnlyList<JsonNode>> WaitForEarnedPointsAsync(string issuer, string subject, int expectedCount, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + AwardWait;
        while (true)
        {
            var earned = (await ReadStatementsAsync(issuer, subject, cancellationToken))
                .Where(statement => Verb(statement) == XapiTerms.Earned
                    && statement["object"]!["definition"]!["type"]!.GetValue<string>() == XapiTerms.PointsType)
                .ToList();
            if (earned.Count >= expectedCount || DateTimeOffset.UtcNow > deadline)
            {
                return earned;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static string Verb(JsonNode statement) => statement["verb"]!["id"]!.GetValue<string>();

    private static string Id(JsonNode statement) => statement["id"]!.GetValue<string>();

    private static string ObjectId(JsonNode statement) => statement["object"]!["id"]!.GetValue<string>();

    private sealed record LedgerRow(string RuleKey, string ItemId, long Points, string Status, string? SourceStatementId);
}
