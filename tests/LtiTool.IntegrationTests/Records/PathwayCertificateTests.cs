using System.Net;
using AngleSharp.Html.Parser;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace LtiPd.LtiTool.IntegrationTests.Records;

/// <summary>Certificates of completed pathways: listed on the records page and in the CSV, downloadable and verifiable.</summary>
public sealed class PathwayCertificateTests : IClassFixture<LearnerAppFixture>
{
    private static readonly SqlText InsertCompletion = SqlText.Portable(
        "INSERT INTO catalog_module_completions (registration_id, user_ref, module_id, points_earned, completed_at_ms) VALUES (@RegistrationId, @UserId, @ModuleId, 10, @CompletedAtMs)");

    // 2026-03-10 and 2026-03-20 fall in school year 2025-26 (years start on 1 July).
    private static readonly DateTimeOffset ModuleDone = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PathwayDone = new(2026, 3, 20, 9, 30, 0, TimeSpan.Zero);

    private readonly LearnerAppFixture _app;

    public PathwayCertificateTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordsPage_CompletedPathway_ListedWithVerificationLink()
    {
        var (learner, pathwayId) = await CompletedPathwayAsync("Ada Lovelace Teacher");

        using var response = await _app.GetAsync(learner, "/app/records");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Token));
        var row = document.QuerySelector($"[data-testid='pathway-{pathwayId}@0']")!;
        Assert.Equal("Coaching Cycle Pathway", row.QuerySelector("th")!.TextContent);
        Assert.Equal(["2025-26", "March 20, 2026", "2"], row.QuerySelectorAll("td").Take(3).Select(cell => cell.TextContent));
        Assert.Equal($"/app/records/certificates/pathways/{pathwayId}/0", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("/records/verify/" + await CodeAsync(learner, pathwayId), row.QuerySelector("[data-testid=verify]")!.GetAttribute("href"));
        Assert.Equal("School year 2025-26: 2 PD credit hours", document.QuerySelector("[data-testid=year-2025-26] h2")!.TextContent);
    }

    [Fact]
    public async Task Verify_PathwayCertificate_ShowsPathwayFacts()
    {
        var (learner, pathwayId) = await CompletedPathwayAsync("Ada Lovelace Teacher");
        using (await _app.GetAsync(learner, "/app/records"))
        {
        }

        using var response = await _app.GetAsync(null, "/records/verify/" + await CodeAsync(learner, pathwayId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(Token));
        Assert.StartsWith("Valid.", document.QuerySelector("[data-testid=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Pathway", document.QuerySelector("[data-testid=subject]")!.PreviousElementSibling!.TextContent);
        Assert.Equal("Coaching Cycle Pathway", document.QuerySelector("[data-testid=subject]")!.TextContent);
        Assert.Equal("2", document.QuerySelector("[data-testid=hours]")!.TextContent);
        Assert.Equal("March 20, 2026", document.QuerySelector("[data-testid=completed]")!.TextContent);
        Assert.Equal("A. L. T.", document.QuerySelector("[data-testid=holder]")!.TextContent);
    }

    [Fact]
    public async Task Certificate_CompletedPathway_PdfStatesPathwayAndLink()
    {
        var (learner, pathwayId) = await CompletedPathwayAsync("Ada Lovelace Teacher");

        using var response = await _app.GetAsync(learner, $"/app/records/certificates/pathways/{pathwayId}/0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync(Token));
        var text = pdf.GetPage(1).Text;
        Assert.Contains("completed the professional development pathway", text, StringComparison.Ordinal);
        Assert.Contains("Coaching Cycle Pathway", text, StringComparison.Ordinal);
        Assert.Contains("2 PD credit hours on March 20, 2026", text, StringComparison.Ordinal);
        Assert.Contains("/records/verify/" + await CodeAsync(learner, pathwayId), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranscriptCsv_CompletedPathway_RowWithVerificationUrl()
    {
        var (learner, pathwayId) = await CompletedPathwayAsync("Ada Teacher");

        using var response = await _app.GetAsync(learner, "/app/records/transcript.csv");

        var lines = (await response.Content.ReadAsStringAsync(Token)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["module", "module"], lines[1..3].Select(line => line.Split(',')[2]));
        var pathwayRow = lines[3].Split(',');
        Assert.Equal(["2025-26", "pathway", pathwayId, "Coaching Cycle Pathway", "2026-03-20T09:30:00Z", "2"], pathwayRow[1..7]);
        Assert.EndsWith("/records/verify/" + await CodeAsync(learner, pathwayId), pathwayRow[7], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_OtherPersonsPathway_404()
    {
        var (owner, pathwayId) = await CompletedPathwayAsync("Ada Teacher");
        var colleague = await _app.CreateLearnerAsync("Grace Teacher", sameRegistrationAs: owner);

        using var download = await _app.GetAsync(colleague, $"/app/records/certificates/pathways/{pathwayId}/0");
        using var records = await _app.GetAsync(colleague, "/app/records");

        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        var document = new HtmlParser().ParseDocument(await records.Content.ReadAsStringAsync(Token));
        Assert.Null(document.QuerySelector("[data-testid=pathways]"));
    }

    [Fact]
    public async Task Certificate_UnknownCycle_404()
    {
        var (learner, pathwayId) = await CompletedPathwayAsync("Ada Teacher");

        using var wrongCycle = await _app.GetAsync(learner, $"/app/records/certificates/pathways/{pathwayId}/1767225600000");
        using var notNumber = await _app.GetAsync(learner, $"/app/records/certificates/pathways/{pathwayId}/-1");

        Assert.Equal(HttpStatusCode.NotFound, wrongCycle.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notNumber.StatusCode);
    }

    /// <summary>
    /// Creates a learner who completed test-module (1.5 h, required) and other-module (0.5 h, the
    /// one elective required) and the pathway of both, in a district of their own.
    /// </summary>
    private async Task<(Learner Learner, string PathwayId)> CompletedPathwayAsync(string name)
    {
        var learner = await _app.CreateLearnerAsync(name);
        var services = _app.Factory.Services;
        var districtId = (await services.GetRequiredService<PlatformRegistry>().FindByIdAsync(learner.Session.RegistrationId, Token))!.DistrictId;
        var pathwayId = "pathway-" + Guid.NewGuid().ToString("N")[..8];
        var store = services.GetRequiredService<PathwayStore>();
        await store.SaveAsync(new Pathway
        {
            Id = pathwayId,
            DistrictId = districtId,
            Title = "Coaching Cycle Pathway",
            ElectivesRequired = 1,
            Modules = [new PathwayModule("test-module", 0, IsRequired: true, DueOn: null), new PathwayModule("other-module", 1, IsRequired: false, DueOn: null)],
        }, isNew: true, ModuleDone, Token);

        var database = services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync(Token))
        {
            foreach (var moduleId in new[] { "test-module", "other-module" })
            {
                await connection.ExecuteAsync(database.Command(InsertCompletion, new
                {
                    learner.Session.RegistrationId,
                    learner.Session.UserId,
                    ModuleId = moduleId,
                    CompletedAtMs = ModuleDone.ToUnixTimeMilliseconds(),
                }, Token));
            }
        }

        Assert.True(await store.TryRecordCompletionAsync(districtId, pathwayId, learner.Session.UserId, 0, PathwayDone, Token));
        return (learner, pathwayId);
    }

    private async Task<string> CodeAsync(Learner learner, string pathwayId)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(Token);
        return await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT code FROM record_certificates WHERE registration_id = @RegistrationId AND user_ref = @UserId AND kind = 'Pathway' AND subject_id = @SubjectId",
            new { learner.Session.RegistrationId, learner.Session.UserId, SubjectId = pathwayId + "@0" }, cancellationToken: Token));
    }
}
