using System.Net;
using AngleSharp.Html.Parser;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Records;

/// <summary>Each teacher sees only their own records, and the public verification page shows only what a certificate states.</summary>
public sealed class RecordsTenancyTests : IClassFixture<LearnerAppFixture>
{
    private static readonly SqlText InsertCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) VALUES (@RegistrationId, @UserId, @ModuleId, 10, 1773154800000)");

    private readonly LearnerAppFixture _app;

    public RecordsTenancyTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transcript_OtherDistrictsTeacher_SeesNoneOfIt()
    {
        var owner = await _app.CreateLearnerAsync("Ada Teacher", districtName: "Tenancy District A");
        var outsider = await _app.CreateLearnerAsync("Bo Teacher", districtName: "Tenancy District B");
        await CompleteAsync(owner, "test-module");

        using var page = await _app.GetAsync(outsider, "/app/records");
        using var csv = await _app.GetAsync(outsider, "/app/records/transcript.csv");
        using var certificate = await _app.GetAsync(outsider, "/app/records/certificates/modules/test-module");

        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(Token));
        Assert.Equal("Tenancy District B", document.QuerySelector("[data-testid=district]")!.TextContent);
        Assert.NotNull(document.QuerySelector("[data-testid=empty]"));
        Assert.Single((await csv.Content.ReadAsStringAsync(Token)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(HttpStatusCode.NotFound, certificate.StatusCode);
    }

    [Fact]
    public async Task Records_WithoutSession_401Everywhere()
    {
        foreach (var path in new[] { "/app/records", "/app/records/transcript.csv", "/app/records/certificates/modules/test-module", "/app/records/certificates/pathways/p/0" })
        {
            using var response = await _app.GetAsync(null, path);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Verify_Page_ShowsOnlyCertificateFacts()
    {
        var learner = await _app.CreateLearnerAsync("Ada Lovelace Teacher", districtName: "Verification Facts District");
        await CompleteAsync(learner, "test-module");
        await CompleteAsync(learner, "other-module");
        using (await _app.GetAsync(learner, "/app/records/certificates/modules/test-module"))
        {
        }

        var code = await CodeAsync(learner);

        using var response = await _app.GetAsync(null, "/records/verify/" + code);

        var html = await response.Content.ReadAsStringAsync(Token);
        var document = new HtmlParser().ParseDocument(html);
        Assert.Equal(
            ["Holder", "Module", "PD credit hours", "Completed", "Issued", "Issued by", "Certificate code"],
            document.QuerySelectorAll("dl dt").Select(term => term.TextContent));
        Assert.DoesNotContain("Other module", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Lovelace", html, StringComparison.Ordinal);
        Assert.DoesNotContain(learner.Session.UserId, html, StringComparison.Ordinal);
        Assert.DoesNotContain(learner.Session.Subject, html, StringComparison.Ordinal);
        Assert.DoesNotContain(learner.Session.RegistrationId, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ForeignOrMalformedCode_404()
    {
        using var tooLong = await _app.GetAsync(null, "/records/verify/" + new string('A', 65));
        using var script = await _app.GetAsync(null, "/records/verify/%3Cscript%3E");

        Assert.Equal(HttpStatusCode.NotFound, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.DoesNotContain("<script>", await script.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    private async Task CompleteAsync(Learner learner, string moduleId)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(Token);
        await connection.ExecuteAsync(database.Command(InsertCompletion, new { learner.Session.RegistrationId, learner.Session.UserId, ModuleId = moduleId }, Token));
    }

    private async Task<string> CodeAsync(Learner learner)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(Token);
        return await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT code FROM record_certificates WHERE registration_id = @RegistrationId AND user_ref = @UserId",
            new { learner.Session.RegistrationId, learner.Session.UserId }, cancellationToken: Token));
    }
}
