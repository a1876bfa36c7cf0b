using System.Globalization;
using System.Net;
using Dapper;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

/// <summary>
/// Evidence approved before test-module became part of an annual pathway is submitted again in
/// the pathway's cycle: a new submission with its own history and statements, and a second
/// module completion with its own certificate.
/// </summary>
public sealed class AnnualEvidenceTests
{
    private const string Module = "/app/modules/test-module";
    private const string Evidence = Module + "/activities/evidence";

    private static readonly DateOnly CycleStart = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1);
    private static readonly long CurrentCycleMs = new DateTimeOffset(CycleStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long BeforeCycleMs = CurrentCycleMs - (long)TimeSpan.FromDays(1).TotalMilliseconds;

    private static readonly SqlText SelectSubmissions = SqlText.Portable(
        "SELECT id AS Id, cycle_start_ms AS CycleStartMs, status AS Status, revision AS Revision FROM evidence_submissions " +
        "WHERE user_ref = @UserRef ORDER BY cycle_start_ms");

    private static readonly SqlText SelectRevisionStatements = SqlText.Portable(
        "SELECT statement_id FROM evidence_revisions WHERE submission_id = @Id ORDER BY revision");

    private static readonly SqlText SelectReviews = SqlText.Portable(
        "SELECT decision FROM evidence_reviews WHERE submission_id = @Id ORDER BY revision");

    private static readonly SqlText SelectCertificates = SqlText.Portable(
        "SELECT subject_id FROM record_certificates WHERE user_ref = @UserRef AND kind = 'Module' ORDER BY subject_id");

    private static readonly SqlText BackdateProgress = SqlText.Portable(
        "UPDATE catalog_progress SET first_done_at_ms = @DoneMs, updated_at_ms = @DoneMs WHERE user_ref = @UserRef");

    private static readonly SqlText BackdateCompletions = SqlText.Portable(
        "UPDATE catalog_module_completions SET completed_at_ms = @DoneMs WHERE user_ref = @UserRef");

    [Theory]
    [DatabaseData]
    public async Task ApprovedEvidence_LaterCycle_SubmittedAgainWithOwnHistory(DatabaseProvider provider)
    {
        await using var host = await PathwaysHost.StartAsync(provider);
        var registration = await host.RegisterAsync("Evidence Cycle " + Guid.NewGuid().ToString("N"));
        var leader = await host.SignInAsync(registration, "Lee Leader", PdRole.Instructor);
        var teacher = await host.SignInAsync(registration, "Tia Teacher");
        var key = new { UserRef = teacher.Session.UserId };

        // Cycle 0: the module does not recur yet. The evidence is approved and completes the module.
        await DoRequiredActivitiesAsync(host, teacher);
        var first = await SubmitAndApproveAsync(host, teacher, leader, "First plan: exit tickets every Friday.", returnFirst: false);
        using (var certificate = await host.GetAsync(teacher, "/app/records/certificates/modules/test-module"))
        {
            Assert.Equal(HttpStatusCode.OK, certificate.StatusCode);
        }

        // That work dates from before the cycle start, so it does not count for the cycle.
        await BackdateWorkAsync(host, teacher.Session.UserId);

        // The module joins an annual pathway whose cycle began a month ago, so it is due again.
        await PathwayPagesTests.SaveAsync(host, leader, "Annual assessment training",
            ("include", "test-module"), ("required_test-module", "on"),
            ("recurrence", "annual"), ("starts_on", CycleStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("assign_role", "Learner"));
        var open = await host.GetPageAsync(teacher, Evidence);
        Assert.NotNull(open.QuerySelector("[data-testid=evidence-form]"));

        await DoRequiredActivitiesAsync(host, teacher);
        var second = await SubmitAndApproveAsync(host, teacher, leader, "Second plan: a hinge question mid-lesson.", returnFirst: true);

        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        var submissions = (await connection.QueryAsync<SubmissionRow>(host.Database.Command(SelectSubmissions, key, TestContext.Current.CancellationToken))).ToList();
        Assert.Equal(2, submissions.Count);
        Assert.Equal((first, 0L, "Approved", 1), (submissions[0].Id, submissions[0].CycleStartMs, submissions[0].Status, submissions[0].Revision));
        Assert.Equal((second, CurrentCycleMs, "Approved", 2), (submissions[1].Id, submissions[1].CycleStartMs, submissions[1].Status, submissions[1].Revision));
        Assert.Equal(["Approved"], await connection.QueryAsync<string>(host.Database.Command(SelectReviews, new { Id = first }, TestContext.Current.CancellationToken)));
        Assert.Equal(["Returned", "Approved"], await connection.QueryAsync<string>(host.Database.Command(SelectReviews, new { Id = second }, TestContext.Current.CancellationToken)));
        var firstStatements = (await connection.QueryAsync<string>(host.Database.Command(SelectRevisionStatements, new { Id = first }, TestContext.Current.CancellationToken))).ToList();
        var secondStatements = (await connection.QueryAsync<string>(host.Database.Command(SelectRevisionStatements, new { Id = second }, TestContext.Current.CancellationToken))).ToList();
        Assert.Equal(3, firstStatements.Concat(secondStatements).Distinct(StringComparer.Ordinal).Count());

        var completions = await host.Services.GetRequiredService<ProgressStore>().ListCompletionsAsync(registration.Id, teacher.Session.UserId, TestContext.Current.CancellationToken);
        Assert.Equal([0L, CurrentCycleMs], completions.Where(completion => completion.ModuleId == "test-module").Select(completion => completion.CycleStartMs));

        // The records page lists both completions, each with its own certificate.
        var records = await host.GetPageAsync(teacher, "/app/records");
        var links = records.QuerySelectorAll("[data-testid=entry-test-module] a").Select(link => link.GetAttribute("href")).ToList();
        Assert.Equal(2, links.Count);
        Assert.Contains("/app/records/certificates/modules/test-module", links);
        Assert.Contains($"/app/records/certificates/modules/test-module/{CurrentCycleMs.ToString(CultureInfo.InvariantCulture)}", links);
        using (var certificate = await host.GetAsync(teacher, $"/app/records/certificates/modules/test-module/{CurrentCycleMs.ToString(CultureInfo.InvariantCulture)}"))
        {
            Assert.Equal(HttpStatusCode.OK, certificate.StatusCode);
            Assert.Equal("application/pdf", certificate.Content.Headers.ContentType!.MediaType);
        }

        using (var unknownCycle = await host.GetAsync(teacher, "/app/records/certificates/modules/test-module/12345"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownCycle.StatusCode);
        }

        Assert.Equal(
            ["test-module", $"test-module@{CurrentCycleMs.ToString(CultureInfo.InvariantCulture)}"],
            await connection.QueryAsync<string>(host.Database.Command(SelectCertificates, key, TestContext.Current.CancellationToken)));
    }

    /// <summary>Moves the learner's stored work to the day before the cycle start.</summary>
    private static async Task BackdateWorkAsync(PathwaysHost host, string userRef)
    {
        var key = new { UserRef = userRef, DoneMs = BeforeCycleMs };
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(host.Database.Command(BackdateProgress, key, TestContext.Current.CancellationToken));
        await connection.ExecuteAsync(host.Database.Command(BackdateCompletions, key, TestContext.Current.CancellationToken));
    }

    /// <summary>Does the module's required read, quiz and reflection, which leave it 10 points short of complete.</summary>
    private static async Task DoRequiredActivitiesAsync(PathwaysHost host, Catalog.Learner teacher)
    {
        using var read = await host.PostAsync(teacher, Module + "/activities/intro/done", []);
        using var quiz = await host.PostAsync(teacher, Module + "/activities/quiz/quiz", [("q-colour", "blue"), ("q-sum", "four")]);
        using var reflection = await host.PostAsync(teacher, Module + "/activities/reflect/reflection", [("reflection", "I will try a short exit ticket in every lesson this week.")]);
        Assert.Equal(HttpStatusCode.SeeOther, read.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, quiz.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, reflection.StatusCode);
    }

    /// <summary>Submits evidence, optionally has it returned and resubmitted, then approved; returns the submission id.</summary>
    private static async Task<string> SubmitAndApproveAsync(PathwaysHost host, Catalog.Learner teacher, Catalog.Learner leader, string text, bool returnFirst)
    {
        using (var submitted = await host.PostMultipartAsync(teacher, Evidence + "/evidence", [("text", text)]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        }

        var id = await CurrentSubmissionAsync(host, teacher);
        var revision = 1;
        if (returnFirst)
        {
            using (var returned = await DecideAsync(host, leader, id, revision, "return", "Say which lesson."))
            {
                Assert.Equal(HttpStatusCode.SeeOther, returned.StatusCode);
            }

            using (var resubmitted = await host.PostMultipartAsync(teacher, Evidence + "/evidence", [("text", text + " In period 3.")]))
            {
                Assert.Equal(HttpStatusCode.SeeOther, resubmitted.StatusCode);
            }

            revision = 2;
        }

        using (var approved = await DecideAsync(host, leader, id, revision, "approve", "Clear plan."))
        {
            Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        return id;
    }

    private static Task<HttpResponseMessage> DecideAsync(PathwaysHost host, Catalog.Learner leader, string id, int revision, string decision, string feedback) =>
        host.PostAsync(leader, $"/app/review/{id}/decision",
            [("decision", decision), ("level-clarity", decision == "approve" ? "high" : "low"), ("revision", revision.ToString(CultureInfo.InvariantCulture)), ("feedback", feedback)]);

    private static async Task<string> CurrentSubmissionAsync(PathwaysHost host, Catalog.Learner teacher)
    {
        await using var connection = await host.Database.OpenAsync(TestContext.Current.CancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>(host.Database.Command(SelectSubmissions, new { UserRef = teacher.Session.UserId }, TestContext.Current.CancellationToken));
        return rows.Last().Id;
    }

    private sealed class SubmissionRow
    {
        public string Id { get; set; } = string.Empty;

        public long CycleStartMs { get; set; }

        public string Status { get; set; } = string.Empty;

        public int Revision { get; set; }
    }
}
