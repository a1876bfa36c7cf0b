using System.Text.Json;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Services.Grades;
using LtiPd.Storage;
using LtiPd.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace LtiPd.LtiTool.IntegrationTests.Services;

public sealed class GradeDeliveryTests
{
    private const string Canvas = "https://canvas.instructure.com";
    private const string CanvasLineItems = "/api/lti/courses/42/line_items";
    private const string CanvasLineItem = "/api/lti/courses/42/line_items/7";
    private const string LineItemMediaType = "application/vnd.ims.lis.v2.lineitem+json";
    private const string LineItemContainerMediaType = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    private const string ScoreMediaType = "application/vnd.ims.lis.v1.score+json";

    [Theory]
    [DatabaseData]
    public async Task Deliver_Canvas_CreatesLineItemThenPostsScoresInOrder(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        GivenCanvasGradebook(world);

        await world.CompleteActivityAsync("intro", cancellationToken);
        await world.CompleteActivityAsync("practice", cancellationToken);
        var result = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);

        Assert.Equal(new GradeDeliveryResult(2, 0, 0), result);
        var search = LmsMocks.RequestsTo(world.Lms, CanvasLineItems).First(request => request.Method == "GET");
        Assert.Equal("formative-assessment", search.Query!["resource_id"].Single());
        Assert.Equal("ltipd", search.Query["tag"].Single());
        using var created = JsonDocument.Parse(LmsMocks.BodiesTo(world.Lms, CanvasLineItems).Single());
        Assert.Equal("formative-assessment", created.RootElement.GetProperty("resourceId").GetString());
        Assert.Equal("ltipd", created.RootElement.GetProperty("tag").GetString());
        Assert.Equal(30, created.RootElement.GetProperty("scoreMaximum").GetDouble());

        var scores = LmsMocks.RequestsTo(world.Lms, CanvasLineItem + "/scores");
        Assert.Equal(2, scores.Count);
        Assert.All(scores, request => Assert.StartsWith(ScoreMediaType, request.Headers!["Content-Type"].Single(), StringComparison.Ordinal));
        Assert.All(scores, request => Assert.Equal("Bearer access-token-1", request.Headers!["Authorization"].Single()));
        Assert.All(scores, request => Assert.Contains("LtiPd/1.0", request.Headers!["User-Agent"].Single(), StringComparison.Ordinal));
        using var first = JsonDocument.Parse(scores[0].Body!);
        using var second = JsonDocument.Parse(scores[1].Body!);
        Assert.Equal(LmsServiceWorld.LearnerSubject, first.RootElement.GetProperty("userId").GetString());
        Assert.Equal(10, first.RootElement.GetProperty("scoreGiven").GetDouble());
        Assert.Equal(30, first.RootElement.GetProperty("scoreMaximum").GetDouble());
        Assert.Equal("InProgress", first.RootElement.GetProperty("activityProgress").GetString());
        Assert.Equal("FullyGraded", first.RootElement.GetProperty("gradingProgress").GetString());
        Assert.False(first.RootElement.GetProperty("https://canvas.instructure.com/lti/submission").GetProperty("new_submission").GetBoolean());
        Assert.Equal(20, second.RootElement.GetProperty("scoreGiven").GetDouble());
        Assert.Equal("2026-12-04T20:00:00.000Z", first.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal("2026-12-04T20:00:00.001Z", second.RootElement.GetProperty("timestamp").GetString());
        // One token per scope set (line items, then scores), reused for the second score.
        Assert.Equal(["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score"], TokenScopes(world));
    }

    [Theory]
    [DatabaseData]
    public async Task Deliver_ModuleCompleted_StartsCanvasSubmission(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        GivenCanvasGradebook(world);

        foreach (var activity in new[] { "intro", "practice", "apply" })
        {
            await world.CompleteActivityAsync(activity, cancellationToken);
        }

        await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);

        using var last = JsonDocument.Parse(LmsMocks.BodiesTo(world.Lms, CanvasLineItem + "/scores")[^1]);
        Assert.Equal(30, last.RootElement.GetProperty("scoreGiven").GetDouble());
        Assert.Equal("Completed", last.RootElement.GetProperty("activityProgress").GetString());
        Assert.True(last.RootElement.GetProperty("https://canvas.instructure.com/lti/submission").GetProperty("new_submission").GetBoolean());
    }

    [Theory]
    [DatabaseData]
    public async Task Deliver_MoodleLinkLineItem_KeepsTypeIdQuery(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, "https://moodle.example.org", null, null, cancellationToken);
        LmsMocks.GivenToken(world.Lms);
        const string ScoresPath = "/mod/lti/services.php/2/lineitems/7/lineitem/scores";
        world.Lms.Given(Request.Create().WithPath(ScoresPath).WithParam("type_id", "1").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await world.AddResourceLinkAsync("moodle-link-3", """{"ltipd_module":"formative-assessment"}""", world.LmsUrl + "/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1", cancellationToken);

        await world.CompleteActivityAsync("intro", cancellationToken);
        var result = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);

        Assert.Equal(new GradeDeliveryResult(1, 0, 0), result);
        var score = LmsMocks.RequestsTo(world.Lms, ScoresPath).Single();
        Assert.Equal("1", score.Query!["type_id"].Single());
        using var body = JsonDocument.Parse(score.Body!);
        Assert.False(body.RootElement.TryGetProperty("https://canvas.instructure.com/lti/submission", out _));
    }

    [Theory]
    [DatabaseData]
    public async Task Deliver_RateLimited_WaitsForRetryAfter(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        GivenCanvasGradebook(world, scoreResponse: LmsMocks.CanvasError(429, "Rate limit exceeded").WithHeader("Retry-After", "120"));
        await world.CompleteActivityAsync("intro", cancellationToken);

        var limited = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);
        var row = (await world.OutboxAsync(cancellationToken)).Single();
        world.Time.Advance(TimeSpan.FromSeconds(119));
        var early = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);
        world.Lms.ResetMappings();
        GivenCanvasGradebook(world);
        world.Time.Advance(TimeSpan.FromSeconds(1));
        var delivered = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);

        Assert.Equal(new GradeDeliveryResult(0, 1, 0), limited);
        Assert.Equal(429, row.LastStatus);
        Assert.Equal(world.Time.Start.AddSeconds(120).ToUnixTimeMilliseconds(), row.NextAttemptAtMs);
        Assert.Contains("Rate limit exceeded", row.LastError, StringComparison.Ordinal);
        Assert.Equal(new GradeDeliveryResult(0, 0, 0), early);
        Assert.Equal(new GradeDeliveryResult(1, 0, 0), delivered);
    }

    [Theory]
    [DatabaseData]
    public async Task Deliver_LmsDownThenBack_DeliversEveryScoreInOrder(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        GivenCanvasGradebook(world, scoreResponse: Response.Create().WithStatusCode(503).WithBody("Service Unavailable"));
        await world.CompleteActivityAsync("intro", cancellationToken);
        await world.CompleteActivityAsync("practice", cancellationToken);

        var down = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);
        var rowsWhileDown = await world.OutboxAsync(cancellationToken);
        world.Lms.ResetMappings();
        world.Lms.ResetLogEntries();
        GivenCanvasGradebook(world);
        world.Time.Advance(TimeSpan.FromMinutes(5));
        var back = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);

        Assert.Equal(new GradeDeliveryResult(0, 1, 0), down);
        Assert.Equal(1, rowsWhileDown[0].Attempts);
        Assert.Equal(0, rowsWhileDown[1].Attempts);
        Assert.Equal(new GradeDeliveryResult(2, 0, 0), back);
        var bodies = LmsMocks.BodiesTo(world.Lms, CanvasLineItem + "/scores").Select(body => JsonDocument.Parse(body).RootElement.GetProperty("scoreGiven").GetDouble());
        Assert.Equal([10.0, 20.0], bodies);
        Assert.All(await world.OutboxAsync(cancellationToken), row => Assert.NotNull(row.DeliveredAtMs));
    }

    [Theory]
    [DatabaseData]
    public async Task Deliver_OldTimestampRejected_KeepsMessageAndGoesOn(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        GivenCanvasGradebook(world);
        world.Lms.Given(Request.Create().WithPath(CanvasLineItem + "/scores").UsingPost()).AtPriority(1)
            .InScenario("timestamps").WillSetStateTo("second")
            .RespondWith(LmsMocks.CanvasError(400, "Provided timestamp of 2026-12-04T20:00:00.000Z before last updated timestamp of 2026-12-04T21:00:00.000Z"));
        await world.CompleteActivityAsync("intro", cancellationToken);
        await world.CompleteActivityAsync("practice", cancellationToken);

        var result = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);
        var rows = await world.OutboxAsync(cancellationToken);

        Assert.Equal(new GradeDeliveryResult(1, 0, 1), result);
        Assert.NotNull(rows[0].RejectedAtMs);
        Assert.Equal(400, rows[0].LastStatus);
        Assert.Contains("before last updated timestamp", rows[0].LastError, StringComparison.Ordinal);
        Assert.NotNull(rows[1].DeliveredAtMs);
    }

    [Theory]
    [DatabaseData]
    public async Task Deliver_TokenRevoked_RetriesOnceWithNewToken(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        GivenCanvasGradebook(world);
        world.Lms.Given(Request.Create().WithPath(CanvasLineItem + "/scores").UsingPost()).AtPriority(1)
            .InScenario("revoked").WillSetStateTo("renewed")
            .RespondWith(LmsMocks.CanvasError(401, "Invalid access token"));
        await world.CompleteActivityAsync("intro", cancellationToken);

        var result = await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);

        Assert.Equal(new GradeDeliveryResult(1, 0, 0), result);
        Assert.Equal(2, TokenScopes(world).Count(scope => scope == "https://purl.imsglobal.org/spec/lti-ags/scope/score"));
        Assert.Equal(2, LmsMocks.RequestsTo(world.Lms, CanvasLineItem + "/scores").Count);
    }

    [Theory]
    [DatabaseData]
    public async Task Progress_NonLearnerOrNoGradebook_QueuesNothing(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var withGradebook = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        await using var withoutGradebook = await LmsServiceWorld.CreateAsync(provider, Canvas, null, null, cancellationToken);

        await withGradebook.CompleteActivityAsync("intro", cancellationToken, PdRole.Instructor, withGradebook.LeaderId);
        await withoutGradebook.CompleteActivityAsync("intro", cancellationToken);

        Assert.Empty(await withGradebook.OutboxAsync(cancellationToken));
        Assert.Empty(await withoutGradebook.OutboxAsync(cancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task SyncResults_GradeOverriddenInLms_ShownForLearner(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var world = await LmsServiceWorld.CreateAsync(provider, Canvas, CanvasLineItems, null, cancellationToken);
        GivenCanvasGradebook(world);
        world.Lms.Given(Request.Create().WithPath(CanvasLineItem + "/results").UsingGet()).RespondWith(LmsMocks.Json(200, "application/vnd.ims.lis.v2.resultcontainer+json", $$"""
            [{"id":"{{world.LmsUrl}}{{CanvasLineItem}}/results/5","scoreOf":"{{world.LmsUrl}}{{CanvasLineItem}}","userId":"{{LmsServiceWorld.LearnerSubject}}","resultScore":27.5,"resultMaximum":30,"comment":"Strong exit tickets."},
             {"id":"{{world.LmsUrl}}{{CanvasLineItem}}/results/6","scoreOf":"{{world.LmsUrl}}{{CanvasLineItem}}","userId":"other-sub","resultMaximum":30}]
            """));
        await world.CompleteActivityAsync("intro", cancellationToken);
        await world.Get<GradeDeliverer>().DeliverDueAsync(cancellationToken);

        var (stored, error) = await world.Get<GradeResults>().SyncAsync(world.Registration.Id, world.ContextRef, cancellationToken);
        var grade = (await world.Get<GradeResults>().FindForLearnerAsync(world.Registration.Id, world.LearnerId, LmsServiceWorld.ModuleId, cancellationToken)).Single();
        var course = await world.Get<GradeResults>().ListForModuleAsync(world.Registration.Id, world.ContextRef, LmsServiceWorld.ModuleId, cancellationToken);

        Assert.Null(error);
        Assert.Equal(2, stored);
        Assert.Equal(27.5, grade.ResultScore);
        Assert.Equal(30, grade.ResultMaximum);
        Assert.Equal("Strong exit tickets.", grade.Comment);
        Assert.Equal(2, course.Count);
        Assert.Null(course.Single(item => item.Subject == "other-sub").ResultScore);
    }

    private static List<string> TokenScopes(LmsServiceWorld world) =>
        LmsMocks.BodiesTo(world.Lms, LmsMocks.TokenPath)
            .Select(body => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body)["scope"].ToString())
            .ToList();

    /// <summary>Canvas's line items service: no LtiPd column yet, a created one at /line_items/7, and scores accepted.</summary>
    private static void GivenCanvasGradebook(LmsServiceWorld world, IResponseBuilder? scoreResponse = null)
    {
        LmsMocks.GivenToken(world.Lms);
        world.Lms.Given(Request.Create().WithPath(CanvasLineItems).UsingGet()).RespondWith(LmsMocks.Json(200, LineItemContainerMediaType, "[]"));
        world.Lms.Given(Request.Create().WithPath(CanvasLineItems).UsingPost()).RespondWith(LmsMocks.Json(200, LineItemMediaType, $$"""
            {"id":"{{world.LmsUrl}}{{CanvasLineItem}}","scoreMaximum":30.0,"label":"Formative Assessment in Daily Practice","resourceId":"formative-assessment","tag":"ltipd"}
            """));
        world.Lms.Given(Request.Create().WithPath(CanvasLineItem + "/scores").UsingPost()).AtPriority(5).RespondWith(scoreResponse ?? LmsMocks.Json(200, "application/json", $$"""
            {"resultUrl":"{{world.LmsUrl}}{{CanvasLineItem}}/results/5"}
            """));
    }
}
