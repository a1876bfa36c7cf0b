using System.Net;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Review;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Review;

/// <summary>The learner's side of evidence: the form and its limits, checks on text, links and files, and downloads.</summary>
public sealed class EvidenceSubmissionTests : IClassFixture<ReviewApps>
{
    private const string Activity = "/app/modules/test-module/activities/evidence";

    private static readonly SqlText RevisionFileSql = SqlText.Portable(
        "SELECT file_key FROM evidence_revisions WHERE registration_id = @RegistrationId");

    private readonly ReviewApps _apps;

    public EvidenceSubmissionTests(ReviewApps apps)
    {
        _apps = apps;
    }

    [Fact]
    public async Task EvidencePage_NewLearner_ShowsFormWithLimits()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.GetAsync(learner, Activity);

        var page = await LearnerAppFixture.ReadPageAsync(response);
        var form = page.QuerySelector("[data-testid=evidence-form]")!;
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        Assert.Equal(learner.Session.CsrfToken, form.QuerySelector("input[name=csrf_token]")!.GetAttribute("value"));
        Assert.Equal(
            "One file, up to 64 KB. Accepted types: PDF (.pdf), Word document (.docx), PowerPoint presentation (.pptx), Excel workbook (.xlsx), PNG image (.png), JPEG image (.jpg or .jpeg).",
            page.QuerySelector("[data-testid=upload-limits]")!.TextContent);
        Assert.Equal(".pdf,.docx,.pptx,.xlsx,.png,.jpg,.jpeg", form.QuerySelector("input[type=file]")!.GetAttribute("accept"));
        Assert.NotNull(form.QuerySelector("textarea[name=text]"));
        Assert.NotNull(form.QuerySelector("input[type=url][name=link]"));
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Submit_Text_WaitsForReview(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync();

        using var posted = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "My plan:\n\n1. **Model** the routine\n2. Practise it")]);
        using var response = await app.GetAsync(learner, Activity);

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Submitted", page.QuerySelector("[data-testid=evidence-status]")!.GetAttribute("data-status"));
        Assert.Equal("Model", page.QuerySelector("[data-testid=evidence-text] strong")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=evidence-form]"));
        Assert.Equal("Attempted", page.QuerySelector("[data-testid=activity-status]")!.TextContent);
    }

    [Fact]
    public async Task Submit_ScriptInText_IsSanitised()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var posted = await app.PostMultipartAsync(learner, Activity + "/evidence",
            [("text", "<script>alert('x')</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) <a href=\"https://e.example\" onclick=\"alert(1)\">a</a>")]);
        using var response = await app.GetAsync(learner, Activity);

        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var text = (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=evidence-text]")!;
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Empty(text.QuerySelectorAll("script, img, [onclick], [onerror]"));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("ftp://files.example.org/plan.pdf")]
    [InlineData("https://teacher:secret@docs.example.org/plan")]
    [InlineData("docs.example.org/plan")]
    public async Task Submit_BadLink_Returns400(string link)
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.PostMultipartAsync(learner, Activity + "/evidence", [("link", link)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.NotEmpty(page.QuerySelector("[data-testid=error]")!.TextContent);
        Assert.Null(await FindAsync(app, learner));
    }

    [Fact]
    public async Task Submit_HttpsLink_ShownAsSafeLink()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var posted = await app.PostMultipartAsync(learner, Activity + "/evidence", [("link", "https://docs.example.org/plan?x=\"><script>")]);
        using var response = await app.GetAsync(learner, Activity);

        var link = (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=evidence-link]")!;
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("https://docs.example.org/plan?x=%22%3E%3Cscript%3E", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer nofollow ugc", link.GetAttribute("rel"));
    }

    [Fact]
    public async Task Submit_Nothing_Returns400()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "   "), ("link", "")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Add your evidence before you submit: write it, give a link or choose a file.",
            (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=error]")!.TextContent);
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Submit_TraversalName_StoredUnderGeneratedName(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync();
        var bytes = EvidenceFiles.Pdf();

        using var posted = await app.PostMultipartAsync(learner, Activity + "/evidence", [], ("../../../etc/..\\plan.pdf", bytes));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var key = Assert.Single(await FileKeysAsync(app, learner));
        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.UploadFolder, key!), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(app.UploadFolder, "plan.pdf")));
        var submission = (await FindAsync(app, learner))!;
        Assert.Equal("plan.pdf", submission.Revisions[0].File!.Name);
        Assert.Equal("application/pdf", submission.Revisions[0].File!.ContentType);
    }

    [Fact]
    public async Task Download_Owner_GetsAttachmentWithSafeHeaders()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        var bytes = EvidenceFiles.Docx();
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [], ("Lesson plan <v2>.docx", bytes)))
        {
        }

        var submission = (await FindAsync(app, learner))!;
        using var response = await app.GetAsync(learner, EvidenceStatements.FilePath(submission.Id, 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Lesson plan v2.docx", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("default-src 'none'; sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [DatabaseData(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public async Task Download_OtherPeople_OnlyLeadersOfRegistration(DatabaseProvider provider)
    {
        var app = await _apps.ForAsync(provider);
        var learner = await app.CreateLearnerAsync();
        var classmate = await app.CreateLearnerAsync("Other Teacher", sameRegistrationAs: learner);
        var leader = await app.CreateLearnerAsync("Lee Leader", Messages.PdRole.Instructor, sameRegistrationAs: learner);
        var otherDistrictLeader = await app.CreateLearnerAsync("Far Leader", Messages.PdRole.Administrator);
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [], ("plan.pdf", EvidenceFiles.Pdf())))
        {
        }

        var path = EvidenceStatements.FilePath((await FindAsync(app, learner))!.Id, 1);
        using var byClassmate = await app.GetAsync(classmate, path);
        using var byLeader = await app.GetAsync(leader, path);
        using var byOtherDistrict = await app.GetAsync(otherDistrictLeader, path);
        using var anonymous = await app.GetAsync(null, path);

        Assert.Equal(HttpStatusCode.NotFound, byClassmate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byLeader.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOtherDistrict.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("notes.pdf", "text")]
    [InlineData("page.html", "html")]
    [InlineData("picture.png", "pdf")]
    [InlineData("script.pdf", "html")]
    [InlineData("archive.docx", "zip-without-document")]
    [InlineData("tool.exe", "pdf")]
    public async Task Submit_BadType_Returns400AndKeepsNothing(string fileName, string content)
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        var bytes = content switch
        {
            "text" => "just some notes"u8.ToArray(),
            "html" => EvidenceFiles.Html(),
            "pdf" => EvidenceFiles.Pdf(),
            _ => EvidenceFiles.Docx(withDocumentPart: false),
        };
        var filesBefore = Directory.GetFiles(app.UploadFolder).Length;

        using var response = await app.PostMultipartAsync(learner, Activity + "/evidence", [], (fileName, bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(fileName, (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=error]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await FindAsync(app, learner));
        Assert.Equal(filesBefore, Directory.GetFiles(app.UploadFolder).Length);
    }

    [Fact]
    public async Task Submit_PngAndDocx_Accepted()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var png = await app.PostMultipartAsync(learner, Activity + "/evidence", [], ("board.PNG", EvidenceFiles.Png()));

        Assert.Equal(HttpStatusCode.SeeOther, png.StatusCode);
        Assert.Equal("image/png", (await FindAsync(app, learner))!.Revisions[0].File!.ContentType);
    }

    [Fact]
    public async Task Submit_FileOverLimit_Returns400()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.PostMultipartAsync(learner, Activity + "/evidence", [], ("big.pdf", EvidenceFiles.Pdf(65537)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The file big.pdf is 64 KB, larger than the 64 KB limit. Make it smaller or share it as a link.",
            (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=error]")!.TextContent);
        Assert.Null(await FindAsync(app, learner));
    }

    [Fact]
    public async Task Submit_BodyFarOverLimit_Returns413()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.PostMultipartAsync(learner, Activity + "/evidence", [], ("huge.pdf", EvidenceFiles.Pdf(1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(await FindAsync(app, learner));
    }

    [Fact]
    public async Task Submit_TextOverLimit_Returns400()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", new string('x', 20_001))]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The written evidence is 20,001 characters long", (await LearnerAppFixture.ReadPageAsync(response)).QuerySelector("[data-testid=error]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task Submit_BadCsrfToken_Returns403(string? token)
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        var other = await app.CreateLearnerAsync();

        using var response = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "My plan")], csrfToken: token ?? other.Session.CsrfToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await FindAsync(app, learner));
    }

    [Fact]
    public async Task Submit_WhileWaiting_Returns409()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();
        using (await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "First")]))
        {
        }

        using var again = await app.PostMultipartAsync(learner, Activity + "/evidence", [("text", "Second")]);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var submission = (await FindAsync(app, learner))!;
        Assert.Equal((EvidenceStatus.Submitted, 1), (submission.Status, Assert.Single(submission.Revisions).Revision));
    }

    [Fact]
    public async Task Submit_ReadActivity_Returns400()
    {
        var app = await _apps.ForAsync(DatabaseProvider.Sqlite);
        var learner = await app.CreateLearnerAsync();

        using var response = await app.PostMultipartAsync(learner, "/app/modules/test-module/activities/intro/evidence", [("text", "x")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static Task<EvidenceSubmission?> FindAsync(LearnerAppFixture app, Learner learner) =>
        app.Factory.Services.GetRequiredService<EvidenceRepository>()
            .FindForActivityAsync(learner.Session.RegistrationId, learner.Session.UserId, "test-module", "evidence", cycleStartMs: 0, TestContext.Current.CancellationToken);

    private static async Task<IReadOnlyList<string?>> FileKeysAsync(LearnerAppFixture app, Learner learner)
    {
        var database = app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<string?>(database.Command(RevisionFileSql, new { learner.Session.RegistrationId }, TestContext.Current.CancellationToken))).ToList();
    }
}
