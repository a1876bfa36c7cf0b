using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Records;

public sealed class RecordsPagesTests : IClassFixture<LearnerAppFixture>
{
    private static readonly SqlText InsertCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) VALUES (@RegistrationId, @UserId, @ModuleId, 999, @CompletedAtMs)");

    private static readonly SqlText SelectCode = SqlText.Portable(
        "SELECT code FROM record_certificates WHERE registration_id = @RegistrationId AND user_ref = @UserId AND subject_id = @ModuleId");

    private static readonly SqlText Revoke = SqlText.Portable(
        "UPDATE record_certificates SET revoked_at_ms = 1790000000000, revoked_reason = 'test' WHERE code = @Code");

    // 2026-03-10 falls in school year 2025-26, 2026-08-20 in 2026-27 (years start on 1 July).
    private static readonly DateTimeOffset SpringCompletion = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AutumnCompletion = new(2026, 8, 20, 15, 0, 0, TimeSpan.Zero);

    private readonly LearnerAppFixture _app;

    public RecordsPagesTests(LearnerAppFixture app)
    {
        _app = app;
    }

    [Fact]
    public async Task RecordsPage_Completions_GroupedBySchoolYear()
    {
        var learner = await _app.CreateLearnerAsync(districtName: "Records Page District");
        await CompleteAsync(learner, "test-module", SpringCompletion);
        await CompleteAsync(learner, "other-module", AutumnCompletion);

        using var response = await _app.GetAsync(learner, "/app/records");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Records Page District", document.QuerySelector("[data-testid=district]")!.TextContent);
        var years = document.QuerySelectorAll("section[data-testid^=year-]").Select(section => section.GetAttribute("data-testid")).ToList();
        Assert.Equal(["year-2026-27", "year-2025-26"], years);
        Assert.Equal("School year 2025-26: 1.5 PD credit hours", document.QuerySelector("[data-testid=year-2025-26] h2")!.TextContent);
        Assert.Equal("School year 2026-27: 0.5 PD credit hours", document.QuerySelector("[data-testid=year-2026-27] h2")!.TextContent);
        var row = document.QuerySelector("[data-testid=entry-test-module]")!;
        Assert.Equal(["March 10, 2026", "1.5"], row.QuerySelectorAll("td").Take(2).Select(cell => cell.TextContent));
        Assert.Equal("/app/records/certificates/modules/test-module", row.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task RecordsPage_WithoutSession_401()
    {
        using var response = await _app.GetAsync(null, "/app/records");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TranscriptCsv_Completions_OneRowEach()
    {
        var learner = await _app.CreateLearnerAsync(districtName: "Csv District");
        await CompleteAsync(learner, "test-module", SpringCompletion);
        await CompleteAsync(learner, "other-module", AutumnCompletion);

        using var response = await _app.GetAsync(learner, "/app/records/transcript.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            "district,school_year,kind,id,title,completed_at_utc,pd_credit_hours,verification_url\r\n" +
            "Csv District,2025-26,module,test-module,Test module,2026-03-10T15:00:00Z,1.5,\r\n" +
            "Csv District,2026-27,module,other-module,Other module,2026-08-20T15:00:00Z,0.5,\r\n",
            text);
    }

    [Fact]
    public async Task Certificate_CompletedModule_PdfWithVerificationLink()
    {
        var learner = await _app.CreateLearnerAsync("Ada Lovelace Teacher", districtName: "Certificate District");
        await CompleteAsync(learner, "test-module", SpringCompletion);

        using var response = await _app.GetAsync(learner, "/app/records/certificates/modules/test-module");
        using var again = await _app.GetAsync(learner, "/app/records/certificates/modules/test-module");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        var code = await CodeAsync(learner, "test-module");
        Assert.Contains($"/records/verify/{code}", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        Assert.True(code.Length >= 24);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(code, await CodeAsync(learner, "test-module"));
    }

    [Fact]
    public async Task Certificate_ModuleNotCompleted_404()
    {
        var owner = await _app.CreateLearnerAsync(districtName: "Shared District");
        var other = await _app.CreateLearnerAsync(districtName: "Shared District");
        await CompleteAsync(owner, "test-module", SpringCompletion);

        using var response = await _app.GetAsync(other, "/app/records/certificates/modules/test-module");
        using var records = await _app.GetAsync(other, "/app/records");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await records.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(document.QuerySelector("[data-testid=empty]"));
    }

    [Fact]
    public async Task Verify_IssuedCertificate_ShowsFactsWithInitials()
    {
        var learner = await _app.CreateLearnerAsync("Ada Lovelace Teacher", districtName: "Verification District");
        await CompleteAsync(learner, "test-module", SpringCompletion);
        using (await _app.GetAsync(learner, "/app/records/certificates/modules/test-module"))
        {
        }

        var code = await CodeAsync(learner, "test-module");

        using var response = await _app.GetAsync(null, "/records/verify/" + code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("Valid.", document.QuerySelector("[data-testid=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A. L. T.", document.QuerySelector("[data-testid=holder]")!.TextContent);
        Assert.Equal("Test module", document.QuerySelector("[data-testid=subject]")!.TextContent);
        Assert.Equal("1.5", document.QuerySelector("[data-testid=hours]")!.TextContent);
        Assert.Equal("March 10, 2026", document.QuerySelector("[data-testid=completed]")!.TextContent);
        Assert.Equal("Verification District", document.QuerySelector("[data-testid=district]")!.TextContent);
    }

    [Fact]
    public async Task Verify_RevokedCertificate_SaysRevoked()
    {
        var learner = await _app.CreateLearnerAsync(districtName: "Revoking District");
        await CompleteAsync(learner, "test-module", SpringCompletion);
        using (await _app.GetAsync(learner, "/app/records/certificates/modules/test-module"))
        {
        }

        var code = await CodeAsync(learner, "test-module");
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(TestContext.Current.CancellationToken))
        {
            await connection.ExecuteAsync(database.Command(Revoke, new { Code = code }, TestContext.Current.CancellationToken));
        }

        using var response = await _app.GetAsync(null, "/records/verify/" + code);

        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Revoked on", document.QuerySelector("[data-testid=status]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AnonymousVisitor_NoLearnerMenu()
    {
        var learner = await _app.CreateLearnerAsync(districtName: "Menu District");
        await CompleteAsync(learner, "test-module", SpringCompletion);
        using (await _app.GetAsync(learner, "/app/records/certificates/modules/test-module"))
        {
        }

        var code = await CodeAsync(learner, "test-module");

        using var anonymous = await _app.GetAsync(null, "/records/verify/" + code);
        using var unknown = await _app.GetAsync(null, "/records/verify/AAAAAAAAAAAAAAAAAAAAAAAA");
        using var signedIn = await _app.GetAsync(learner, "/records/verify/" + code);

        var parser = new HtmlParser();
        var anonymousPage = parser.ParseDocument(await anonymous.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var unknownPage = parser.ParseDocument(await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var signedInPage = parser.ParseDocument(await signedIn.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Null(anonymousPage.QuerySelector("nav[aria-label=LtiPd]"));
        Assert.Empty(anonymousPage.QuerySelectorAll("a[href^='/app']"));
        Assert.Null(unknownPage.QuerySelector("nav[aria-label=LtiPd]"));
        Assert.NotNull(signedInPage.QuerySelector("nav[aria-label=LtiPd] a[href='/app/records']"));
    }

    [Fact]
    public async Task Verify_UnknownCode_404()
    {
        using var response = await _app.GetAsync(null, "/records/verify/AAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task CompleteAsync(Learner learner, string moduleId, DateTimeOffset completedAt)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(database.Command(InsertCompletion, new
        {
            learner.Session.RegistrationId,
            learner.Session.UserId,
            ModuleId = moduleId,
            CompletedAtMs = completedAt.ToUnixTimeMilliseconds(),
        }, TestContext.Current.CancellationToken));
    }

    private async Task<string> CodeAsync(Learner learner, string moduleId)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.QuerySingleAsync<string>(database.Command(SelectCode, new
        {
            learner.Session.RegistrationId,
            learner.Session.UserId,
            ModuleId = moduleId,
        }, TestContext.Current.CancellationToken));
    }
}
