using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.IntegrationTests.Review;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.LtiTool.IntegrationTests.Learning;

/// <summary>
/// A learner's statements report time on task as <c>result.duration</c>: the time on the app's
/// clock from the first open of the activity to the step, and for the module the sum of its
/// activities' durations. The app runs on a fake clock that the test advances.
/// </summary>
public sealed partial class TimeOnTaskTests
{
    private const string Module = "/app/modules/test-module";

    private static readonly SqlText SubjectSql = SqlText.Portable("SELECT subject FROM lti_users WHERE id = @UserId");

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task ModuleRun_WithRestart_ReportsClockDurations(DatabaseProvider provider)
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new LearnerAppFixture { Provider = provider, Clock = clock };
        await app.InitializeAsync();
        var learner = await app.CreateLearnerAsync(districtName: LearnerAppFixture.LrsDistrictName);

        // Act: each activity is opened, worked on for a known time and finished. The server
        // restarts while the reflection is open.
        await OpenAsync(app, learner, "intro");
        clock.Advance(TimeSpan.FromSeconds(90));
        await PostAsync(app, learner, "intro/done");
        await OpenAsync(app, learner, "video");
        clock.Advance(TimeSpan.FromSeconds(270));
        await PostAsync(app, learner, "video/done");
        await OpenAsync(app, learner, "quiz");
        clock.Advance(TimeSpan.FromMinutes(2));
        await PostAsync(app, learner, "quiz/quiz", ("q-colour", "blue"), ("q-sum", "four"));
        await OpenAsync(app, learner, "reflect");
        clock.Advance(TimeSpan.FromMinutes(3));
        await app.RestartAsync();
        clock.Advance(TimeSpan.FromSeconds(65));
        await PostAsync(app, learner, "reflect/reflection", ("reflection", "I will start each lesson with a question and end it with an exit ticket."));

        // Assert
        var statements = (await ReadStatementsAsync(app, learner))
            .Where(statement => statement["verb"]!["id"]!.GetValue<string>() != XapiTerms.Earned)
            .ToList();
        var durations = statements.Select(statement => (Verb(statement), ObjectPath(statement), Duration(statement))).ToList();
        Assert.Equal(
            [
                ("passed", "assessments/test-module.quiz", "PT2M"),
                ("experienced", "items/test-module.intro", "PT1M30S"),
                ("experienced", "items/test-module.video", "PT4M30S"),
                // The module reports the sum of its activities: 90 + 270 + 120 + 245 seconds.
                ("completed", "modules/test-module", "PT12M5S"),
                ("answered", "questions/test-module.quiz.colour", "PT2M"),
                ("answered", "questions/test-module.quiz.sum", "PT2M"),
                ("submit", "reflections/test-module.reflect", "PT4M5S"),
            ],
            durations.OrderBy(row => row.Item2, StringComparer.Ordinal).ToList());

        var validator = new StatementValidator();
        foreach (var statement in statements)
        {
            using var document = JsonDocument.Parse(statement.ToJsonString());
            Assert.Empty(validator.Validate(document.RootElement, XapiVersion.V1));
        }

        var exported = await ExportCsvDurationsAsync(app, learner);
        foreach (var statement in statements)
        {
            Assert.Equal(Duration(statement), exported[statement["id"]!.GetValue<string>()]);
        }
    }

    [Fact]
    public async Task DoneWithoutOpen_NoDuration()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new LearnerAppFixture { Clock = clock };
        await app.InitializeAsync();
        var learner = await app.CreateLearnerAsync(districtName: LearnerAppFixture.LrsDistrictName);

        await PostAsync(app, learner, "intro/done");

        var experienced = Assert.Single(await ReadStatementsAsync(app, learner), statement => Verb(statement) == "experienced");
        Assert.Null(experienced["result"]);
    }

    [Fact]
    public async Task EvidenceApproved_ModuleTotal_CountsSubmissionNotReview()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var app = new LearnerAppFixture { Clock = clock };
        await app.InitializeAsync();
        var learner = await app.CreateLearnerAsync(districtName: LearnerAppFixture.LrsDistrictName);
        await OpenAsync(app, learner, "intro");
        clock.Advance(TimeSpan.FromMinutes(1));
        await PostAsync(app, learner, "intro/done");
        await OpenAsync(app, learner, "quiz");
        clock.Advance(TimeSpan.FromMinutes(2));
        await PostAsync(app, learner, "quiz/quiz", ("q-colour", "blue"), ("q-sum", "four"));
        await OpenAsync(app, learner, "reflect");
        clock.Advance(TimeSpan.FromMinutes(3));
        await PostAsync(app, learner, "reflect/reflection", ("reflection", "I will start each lesson with a question and end it with an exit ticket."));
        await OpenAsync(app, learner, "evidence");
        clock.Advance(TimeSpan.FromMinutes(10));
        using (var submitted = await app.PostMultipartAsync(learner, $"{Module}/activities/evidence/evidence", [("text", "My plan for exit tickets")]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        }

        // The leader decides a day later; that wait is not the learner's time on task.
        clock.Advance(TimeSpan.FromDays(1));
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        var submission = (await EvidenceSubmissionTests.FindAsync(app, learner))!;
        using (var approved = await EvidenceReviewTests.DecideAsync(app, leader, submission.Id, 1, "approve", "high", "Clear plan."))
        {
            Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        var statements = await ReadStatementsAsync(app, learner);
        var evidence = Assert.Single(statements, statement => ObjectPath(statement) == "evidence/" + submission.Id);
        var module = Assert.Single(statements, statement => Verb(statement) == "completed");
        Assert.Equal("PT10M", Duration(evidence));
        Assert.Equal("modules/test-module", ObjectPath(module));
        Assert.Equal("PT16M", Duration(module));
    }

    private static async Task OpenAsync(LearnerAppFixture app, Learner learner, string activityId)
    {
        using var response = await app.GetAsync(learner, $"{Module}/activities/{activityId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task PostAsync(LearnerAppFixture app, Learner learner, string path, params (string Name, string Value)[] fields)
    {
        using var response = await app.PostWithTokenAsync(learner, $"{Module}/activities/{path}", fields);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    /// <summary>Reads the learner's statements through <c>GET /xapi/statements</c>.</summary>
    private static async Task<IReadOnlyList<JsonNode>> ReadStatementsAsync(LearnerAppFixture app, Learner learner)
    {
        using var client = AnalystClient(app);
        using var response = await client.GetAsync("/xapi/statements?limit=100&agent=" + Uri.EscapeDataString(await AgentAsync(app, learner)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        return body["statements"]!.AsArray().Select(statement => statement!).ToList();
    }

    /// <summary>Returns the <c>result_duration</c> column of the learner's CSV export, keyed by statement id.</summary>
    private static async Task<Dictionary<string, string?>> ExportCsvDurationsAsync(LearnerAppFixture app, Learner learner)
    {
        using var client = AnalystClient(app);
        using var response = await client.GetAsync("/xapi/export?format=csv&agent=" + Uri.EscapeDataString(await AgentAsync(app, learner)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = records[0].Split(',');
        var idColumn = Array.IndexOf(header, "statement_id");
        var durationColumn = Array.IndexOf(header, "result_duration");
        Assert.True(durationColumn > 0, "The CSV header has no result_duration column.");
        return records.Skip(1)
            .Select(record => CsvField().Matches(record).Select(match => match.Groups[1].Value.Trim('"')).ToList())
            .ToDictionary(fields => fields[idColumn], fields => fields[durationColumn] is { Length: > 0 } value ? value : null);
    }

    private static HttpClient AnalystClient(LearnerAppFixture app)
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LearnerAppFixture.LrsKey}:{LearnerAppFixture.LrsSecret}")));
        client.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        return client;
    }

    private static async Task<string> AgentAsync(LearnerAppFixture app, Learner learner)
    {
        var services = app.Factory.Services;
        var cancellationToken = TestContext.Current.CancellationToken;
        var registration = await services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, cancellationToken);
        var database = services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(cancellationToken);
        var subject = await connection.QuerySingleAsync<string>(database.Command(SubjectSql, new { learner.Session.UserId }, cancellationToken));
        return new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = registration!.Issuer, ["name"] = subject } }.ToJsonString();
    }

    private static string Verb(JsonNode statement) => statement["verb"]!["id"]!.GetValue<string>().Split('/')[^1];

    private static string ObjectPath(JsonNode statement)
    {
        var id = statement["object"]!["id"]!.GetValue<string>();
        var segments = new Uri(id).AbsolutePath.Trim('/').Split('/');
        return string.Join('/', segments[^2..]);
    }

    private static string? Duration(JsonNode statement) => statement["result"]?["duration"]?.GetValue<string>();

    // One RFC 4180 field: quoted (with doubled quotes inside) or up to the next comma. The
    // fields this test reads, ids and durations, never contain quotes.
    [GeneratedRegex("(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)")]
    private static partial Regex CsvField();
}
