using System.Net;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Review;
using LtiPd.Storage;
using LtiPd.TestSupport;
using LtiPd.XapiBridge.Profile;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Review;

/// <summary>The PD leader's side of evidence: the queue, the rubric decision, the state machine, tenancy and statements.</summary>
public sealed class EvidenceReviewTests : IClassFixture<ReviewApps>
{
    private const string Activity = "/app/modules/test-module/activities/evidence";

    private static readonly SqlText StatementsSql = SqlText.Portable(
        "SELECT e.statement_id AS StatementId, e.stored_at_ms AS StoredAtMs, l.statement_json AS Stored FROM evidence_statements e " +
        "LEFT JOIN lrs_statements l ON l.statement_id = e.statement_id AND l.tenant = e.district_id " +
        "WHERE e.registration_id = @RegistrationId ORDER BY e.created_at_ms, e.statement_id");

    // The LMS endpoints point at a closed loopback port: delivery keeps failing and the queued
    // scores stay in the outbox for the test to read.
    private static readonly SqlText GradebookSql = SqlText.Portable(
        "UPDATE lti_contexts SET ags_line_items_url = 'http://127.0.0.1:9/api/lti/courses/1/line_items' WHERE id = @Id");

    private static readonly SqlText ClosedTokenUrlSql = SqlText.Portable(
        "UPDATE platform_registrations SET token_url = 'http://127.0.0.1:9/token' WHERE id = @RegistrationId");

    private static readonly SqlText ScoresSql = SqlText.Portable(
        "SELECT grading_progress AS GradingProgress, comment AS Comment FROM ags_score_outbox " +
        "WHERE registration_id = @RegistrationId AND user_ref = @UserRef ORDER BY id");

    private static readonly SqlText AgeSql = SqlText.Portable(
        "UPDATE evidence_submissions SET last_submitted_at_ms = @AtMs WHERE registration_id = @RegistrationId AND user_ref = @UserRef");

    private readonly ReviewApps _apps;

    public EvidenceReviewTests(ReviewApps apps)
    {
        _apps = apps;
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Evidence_ReturnResubmitApprove_FollowsStates(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync("Tess Teacher");
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);

        using (var first = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "First plan")]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using (var returned = await DecideAsync(app, leader, id, 1, "return", "low", "Add **how** you will practise it."))
        {
            Assert.Equal(HttpStatusCode.SeeOther, returned.StatusCode);
            Assert.Equal($"/app/review/{id}?saved=1", returned.Headers.Location!.OriginalString);
        }

        using (var learnerPage = await app.GetAsync(learner, Activity))
        {
            var page = await LearnerAppFixture.ReadPageAsync(learnerPage);
            Assert.Equal("Returned", page.QuerySelector("[data-testid=evidence-status]")!.GetAttribute("data-status"));
            Assert.Contains("<p>Add <strong>how</strong> you will practise it.</p>", page.QuerySelector("[data-testid=feedback]")!.InnerHtml, StringComparison.Ordinal);
            Assert.Contains("Returned for revision by Lee Leader", page.QuerySelector("[data-testid=review]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("Clarity: Beginning (1)", page.QuerySelector("[data-testid=review]")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(page.QuerySelector("[data-testid=evidence-form]"));
        }

        using (var second = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Second plan with practice")]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        }

        using (var stale = await DecideAsync(app, leader, id, 1, "approve", "high", "Good."))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        using (var reviewPage = await app.GetAsync(leader, $"/app/review/{id}"))
        {
            var page = await LearnerAppFixture.ReadPageAsync(reviewPage);
            Assert.Equal("Resubmitted", page.QuerySelector("[data-testid=evidence-status]")!.GetAttribute("data-status"));
            Assert.Equal(["2", "1"], page.QuerySelectorAll("[data-testid=revision]").Select(item => item.GetAttribute("data-revision")!));
            Assert.Equal("2", page.QuerySelector("[data-testid=decision-form] input[name=revision]")!.GetAttribute("value"));
        }

        using (var approved = await DecideAsync(app, leader, id, 2, "approve", "high", string.Empty))
        {
            Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        using (var again = await DecideAsync(app, leader, id, 2, "return", "low", "Changed my mind."))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var resubmitApproved = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Third")]))
        {
            Assert.Equal(HttpStatusCode.Conflict, resubmitApproved.StatusCode);
        }

        var submission = (await EvidenceSubmissionTests.FindAsync(app, learner))!;
        Assert.Equal((EvidenceStatus.Approved, 2), (submission.Status, submission.Revision));
        Assert.Equal([EvidenceStatus.Returned, EvidenceStatus.Approved], submission.Reviews.Select(review => review.Decision));
        Assert.Equal((3, 3), (submission.Reviews[1].Score, submission.Reviews[1].MaxScore));
        var progress = await app.Factory.Services.GetRequiredService<ProgressStore>()
            .ListForModuleAsync(learner.Session.RegistrationId, learner.Session.UserId, "test-module", TestContext.Current.CancellationToken);
        Assert.Equal(ActivityStatus.Done, progress.Single(record => record.ActivityId == "evidence").Status);
    }

    [Fact]
    public async Task Decision_OwnEvidence_Refused()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor);
        using (var submitted = await app.PostMultipartAsync(leader, Activity + "/evidence", [("text", "My own plan")]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, leader))!.Id;
        using var decided = await DecideAsync(app, leader, id, 1, "approve", "high", "Great work, me.");

        Assert.Equal(HttpStatusCode.Conflict, decided.StatusCode);
        Assert.Equal(EvidenceStatus.Submitted, (await EvidenceSubmissionTests.FindAsync(app, leader))!.Status);
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Evidence_EachStep_QueuesGradebookScore(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync("Gia Gradebook");
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        var database = app.Factory.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            // The course granted Assignment and Grade Services at launch.
            await connection.ExecuteAsync(database.Command(ClosedTokenUrlSql, new { learner.Session.RegistrationId }, CancellationToken.None));
            await connection.ExecuteAsync(database.Command(GradebookSql, new { Id = learner.Session.ContextId }, CancellationToken.None));
        }

        using (var submitted = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "My plan")]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using (var returned = await DecideAsync(app, leader, id, 1, "return", "low", "Say when you will try it."))
        {
            Assert.Equal(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        using (var resubmitted = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "My plan, on Monday")]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, resubmitted.StatusCode);
        }

        using (var approved = await DecideAsync(app, leader, id, 2, "approve", "high", "Clear and concrete."))
        {
            Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        await using var reader = await database.OpenAsync(CancellationToken.None);
        var scores = (await reader.QueryAsync<(string GradingProgress, string? Comment)>(database.Command(
            ScoresSql, new { learner.Session.RegistrationId, UserRef = learner.Session.UserId }, CancellationToken.None))).ToList();
        Assert.Equal(
            [("PendingManual", null), ("FullyGraded", "Say when you will try it."), ("PendingManual", null), ("FullyGraded", "Clear and concrete.")],
            scores);
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Evidence_EachStep_StatementStoredInLrs(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync("Tess Teacher");
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [], ("plan.pdf", EvidenceFiles.Pdf())))
        {
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using (await DecideAsync(app, leader, id, 1, "return", "low", "Say more."))
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "More")]))
        using (await DecideAsync(app, leader, id, 2, "approve", "high", "Well done."))
        {
        }

        var rows = await StatementsAsync(app, learner);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, row => Assert.NotNull(row.StoredAtMs));
        Assert.All(rows, row => Assert.NotNull(row.Stored));
        var verbs = rows.Select(row => System.Text.Json.JsonDocument.Parse(row.Stored!).RootElement.GetProperty("verb").GetProperty("id").GetString()).ToList();
        Assert.Equal(4, verbs.Count);
        Assert.Equal(2, verbs.Count(verb => verb == PdProfile.Verbs.Submitted));
        Assert.Contains(PdProfile.Verbs.Returned, verbs);
        Assert.Contains(PdProfile.Verbs.Approved, verbs);
        var approved = System.Text.Json.JsonDocument.Parse(rows.Single(row => row.Stored!.Contains(PdProfile.Verbs.Approved, StringComparison.Ordinal)).Stored!).RootElement;
        Assert.Equal("Well done.", approved.GetProperty("result").GetProperty("response").GetString());
        Assert.EndsWith($"/evidence/{id}", approved.GetProperty("object").GetProperty("id").GetString(), StringComparison.Ordinal);
        var submitted = System.Text.Json.JsonDocument.Parse(rows.First(row => row.Stored!.Contains(PdProfile.Verbs.Submitted, StringComparison.Ordinal)).Stored!).RootElement;
        var attachment = submitted.GetProperty("attachments")[0];
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
        Assert.EndsWith(EvidenceStatements.FilePath(id, 1), attachment.GetProperty("fileUrl").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task OtherRegistrationLeader_SeesNothing(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync("Tess Teacher");
        var outsider = await app.CreateLearnerAsync("Far Leader", PdRole.Administrator);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "District A evidence")]))
        {
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using var queue = await app.GetAsync(outsider, "/app/review?status=all");
        using var view = await app.GetAsync(outsider, $"/app/review/{id}");
        using var decide = await DecideAsync(app, outsider, id, 1, "approve", "high", "Sneaky.");
        using var byLearner = await app.GetAsync(outsider, $"/app/review?learner={learner.Session.UserId}&module=test-module");

        var queuePage = await LearnerAppFixture.ReadPageAsync(queue);
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Empty(queuePage.QuerySelectorAll("[data-testid=queue-row]"));
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, decide.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byLearner.StatusCode);
        Assert.Equal(EvidenceStatus.Submitted, (await EvidenceSubmissionTests.FindAsync(app, learner))!.Status);
    }

    [Theory]
    [InlineData("/app/review")]
    [InlineData("/app/review/0123456789abcdef0123456789abcdef")]
    public async Task ReviewPages_Learner_Returns403(string path)
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.GetAsync(learner, path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Decision_Learner_Returns403AndChangesNothing()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Mine")]))
        {
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using var response = await DecideAsync(app, learner, id, 1, "approve", "high", "Self-approved.");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(EvidenceStatus.Submitted, (await EvidenceSubmissionTests.FindAsync(app, learner))!.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Decision_BadCsrfToken_Returns403(string? token)
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Mine")]))
        {
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("decision", "approve"), new("level-clarity", "high"), new("revision", "1"), new("feedback", "Fine."),
        };
        if (token is not null)
        {
            fields.Add(new("csrf_token", token));
        }

        using var response = await app.PostFormAsync(leader, $"/app/review/{id}/decision", fields);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(EvidenceStatus.Submitted, (await EvidenceSubmissionTests.FindAsync(app, learner))!.Status);
    }

    [Theory]
    [InlineData("return", "low", "", "Write feedback when you return evidence, so the teacher knows what to revise.")]
    [InlineData("approve", "", "Fine.", "Choose a level for every criterion. Missing: Clarity.")]
    [InlineData("approve", "excellent", "Fine.", "Choose a level for every criterion. Missing: Clarity.")]
    [InlineData("reject", "low", "No.", "Choose Approve or Return for revision.")]
    public async Task Decision_Invalid_Returns400(string decision, string level, string feedback, string expected)
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Mine")]))
        {
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using var response = await DecideAsync(app, leader, id, 1, decision, level, feedback);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expected, (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=error]")!.TextContent);
        Assert.Equal(EvidenceStatus.Submitted, (await EvidenceSubmissionTests.FindAsync(app, learner))!.Status);
    }

    [Fact]
    public async Task Feedback_WithScript_IsSanitisedForBoth()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync("<b>Tess</b>");
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Mine")]))
        {
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using (await DecideAsync(app, leader, id, 1, "return", "low", "<script>alert(1)</script><img src=x onerror=alert(2)> [more](javascript:alert(3))"))
        {
        }

        foreach (var (person, path) in new[] { (learner, Activity), (leader, $"/app/review/{id}") })
        {
            using var response = await app.GetAsync(person, path);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var page = await LearnerAppFixture.ReadPageAsync(response);
            Assert.Empty(page.QuerySelectorAll("main script, main img, [onerror]"));
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>Tess</b>", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Queue_Filters_OldestFirstByDefault(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var older = await app.CreateLearnerAsync("Olga Older");
        var newer = await app.CreateLearnerAsync("Nina Newer", sameRegistrationAs: older);
        var approvedOne = await app.CreateLearnerAsync("Abe Approved", sameRegistrationAs: older);
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: older);
        foreach (var learner in new[] { newer, older, approvedOne })
        {
            using var _ = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Plan")]);
        }

        var now = DateTimeOffset.UtcNow;
        await SetAgeAsync(app, older, now.AddDays(-10));
        await SetAgeAsync(app, newer, now.AddDays(-1));
        using (await DecideAsync(app, leader, (await EvidenceSubmissionTests.FindAsync(app, approvedOne))!.Id, 1, "approve", "high", "Yes."))
        {
        }

        Assert.Equal(["Olga Older", "Nina Newer"], await QueueNamesAsync(app, leader, "/app/review"));
        Assert.Equal(["Nina Newer", "Olga Older"], await QueueNamesAsync(app, leader, "/app/review?order=newest"));
        Assert.Equal(["Olga Older"], await QueueNamesAsync(app, leader, "/app/review?age=7"));
        Assert.Equal(["Abe Approved"], await QueueNamesAsync(app, leader, "/app/review?status=approved"));
        Assert.Empty(await QueueNamesAsync(app, leader, "/app/review?module=other-module"));
        Assert.Equal(3, (await QueueNamesAsync(app, leader, "/app/review?status=all&module=test-module")).Count);
    }

    [Theory]
    [InlineData("module=no-such-module", "Module 'no-such-module' is not in the catalog", "other-module, test-module")]
    [InlineData("status=pending", "Status 'pending' is not a review status", "waiting, returned, approved or all")]
    [InlineData("age=week", "Age 'week' is not a number of days from 1 to 3650", "3, 7, 14 or 30")]
    [InlineData("age=0", "Age '0' is not a number of days from 1 to 3650", "3, 7, 14 or 30")]
    [InlineData("order=random", "Order 'random' is not a queue order", "oldest or newest")]
    [InlineData("status=%3Cb%3Ex%3C%2Fb%3E", "Status '<b>x</b>' is not a review status", "waiting, returned, approved or all")]
    public async Task Queue_InvalidFilter_Returns400NamingValue(string queryString, string expectedStart, string accepted)
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor);

        using var response = await app.GetAsync(leader, "/app/review?" + queryString);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        var message = Assert.Single(page.QuerySelectorAll("[data-testid=filter-errors] li")).TextContent;
        Assert.StartsWith(expectedStart, message, StringComparison.Ordinal);
        Assert.Contains(accepted, message, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=filter-errors] li b"));
        Assert.NotNull(page.QuerySelector("[data-testid=queue-filter]"));
        Assert.Null(page.QuerySelector("[data-testid=queue]"));
    }

    [Fact]
    public async Task Queue_SeveralInvalidFilters_NamesEach()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor);

        using var response = await app.GetAsync(leader, "/app/review?module=gone&status=pending&age=-3");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        var messages = page.QuerySelectorAll("[data-testid=filter-errors] li").Select(item => item.TextContent).ToList();
        Assert.Equal(3, messages.Count);
        Assert.StartsWith("Module 'gone'", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("Status 'pending'", messages[1], StringComparison.Ordinal);
        Assert.StartsWith("Age '-3'", messages[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_EmptyFilters_UseDefaults()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor);

        using var response = await app.GetAsync(leader, "/app/review?module=&status=&age=&order=oldest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("waiting", page.QuerySelector("#filter-status option[selected]")!.GetAttribute("value"));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task RemoveRegistration_WithEvidence_DeletesIt(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync();
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Mine")]))
        {
        }

        using (await DecideAsync(app, leader, (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id, 1, "return", "low", "More."))
        using (await app.GetAsync(learner, "/app"))
        {
        }

        var removed = await app.Factory.Services.GetRequiredService<LtiPd.LtiTool.Platforms.PlatformRegistry>()
            .RemoveAsync(learner.Session.RegistrationId, TestContext.Current.CancellationToken);

        Assert.True(removed);
        Assert.Null(await EvidenceSubmissionTests.FindAsync(app, learner));
        Assert.Empty(await StatementsAsync(app, learner));
    }

    [Fact]
    public async Task LearnerAndModule_OpensTheirEvidence()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync("Tess Teacher");
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Mine")]))
        {
        }

        using var found = await app.GetAsync(leader, $"/app/review?learner={learner.Session.UserId}&module=test-module");
        using var none = await app.GetAsync(leader, $"/app/review?learner={learner.Session.UserId}&module=other-module");

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        Assert.Equal(HttpStatusCode.SeeOther, found.StatusCode);
        Assert.Equal($"/app/review/{id}", found.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task ReviewPage_ShowsRubricChoicesPerCriterion()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync("Tess Teacher");
        var leader = await app.CreateLearnerAsync("Lee Leader", PdRole.Instructor, sameRegistrationAs: learner);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Mine")]))
        {
        }

        var id = (await EvidenceSubmissionTests.FindAsync(app, learner))!.Id;
        using var response = await app.GetAsync(leader, $"/app/review/{id}");

        var page = await LearnerAppFixture.ReadPageAsync(response);
        var criterion = Assert.Single(page.QuerySelectorAll("[data-testid=criterion]"));
        Assert.Equal("Clarity", criterion.QuerySelector("legend")!.TextContent);
        Assert.Equal(["Beginning (1): Unclear steps.", "Proficient (3): Clear steps."], criterion.QuerySelectorAll("label").Select(label => label.TextContent.Trim()));
        Assert.Equal("Evidence from Tess Teacher", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(leader.Session.CsrfToken, page.QuerySelector("[data-testid=decision-form] input[name=csrf_token]")!.GetAttribute("value"));
        Assert.DoesNotContain("reject", page.DocumentElement.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    internal static Task<HttpResponseMessage> DecideAsync(LearnerAppFixture app, Learner reviewer, string id, int revision, string decision, string level, string feedback) =>
        app.PostWithTokenAsync(reviewer, $"/app/review/{id}/decision",
            ("decision", decision), ("level-clarity", level), ("revision", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("feedback", feedback));

    private static async Task<List<string>> QueueNamesAsync(LearnerAppFixture app, Learner leader, string path)
    {
        using var response = await app.GetAsync(leader, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        return page.QuerySelectorAll("[data-testid=queue-row] td:first-child a").Select(link => link.TextContent).ToList();
    }

    private static async Task SetAgeAsync(LearnerAppFixture app, Learner learner, DateTimeOffset at)
    {
        var database = app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(database.Command(AgeSql, new { AtMs = at.ToUnixTimeMilliseconds(), learner.Session.RegistrationId, UserRef = learner.Session.UserId }, TestContext.Current.CancellationToken));
    }

    private static async Task<List<StatementRow>> StatementsAsync(LearnerAppFixture app, Learner learner)
    {
        var database = app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<StatementRow>(database.Command(StatementsSql, new { learner.Session.RegistrationId }, TestContext.Current.CancellationToken))).ToList();
    }

    private sealed class StatementRow
    {
        public string StatementId { get; set; } = string.Empty;

        public long? StoredAtMs { get; set; }

        public string? Stored { get; set; }
    }
}
