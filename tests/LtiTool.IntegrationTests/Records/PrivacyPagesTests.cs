using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Records;

public sealed class PrivacyPagesTests : IClassFixture<LearnerAppFixture>
{
    private static readonly SqlText InsertProgress = SqlText.Portable(
        "INSERT INTO catalog_progress (registration_id, user_ref, module_id, activity_id, status, attempts, updated_at_ms) VALUES (@RegistrationId, @UserId, 'test-module', 'a1', 'Done', 1, 0)");

    private readonly LearnerAppFixture _app;

    public PrivacyPagesTests(LearnerAppFixture app)
    {
        _app = app;
    }

    [Fact]
    public async Task Form_Learner_403()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await _app.GetAsync(learner, "/app/admin/privacy");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Export_Learner_403()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await PostAsync(learner, "export", learner.Session.Subject);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Export_AdminOfOtherDistrict_404()
    {
        var teacher = await _app.CreateLearnerAsync(districtName: "Privacy District A");
        var admin = await _app.CreateLearnerAsync(role: PdRole.Administrator, districtName: "Privacy District B");
        await SeedProgressAsync(teacher);

        using var export = await PostAsync(admin, "export", teacher.Session.Subject);
        using var delete = await PostAsync(admin, "delete", teacher.Session.Subject, confirm: true);

        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(1, await CountProgressAsync(teacher));
    }

    [Fact]
    public async Task ExportThenDelete_AdminOfSameRegistration_Works()
    {
        var admin = await _app.CreateLearnerAsync(role: PdRole.Administrator, districtName: "Privacy District C");
        await SeedProgressAsync(admin);

        using var export = await PostAsync(admin, "export", admin.Session.Subject);
        using var withoutConfirmation = await PostAsync(admin, "delete", admin.Session.Subject, confirm: false);
        using var delete = await PostAsync(admin, "delete", admin.Session.Subject, confirm: true);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType!.MediaType);
        var document = JsonNode.Parse(await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Single(document["moduleProgress"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, withoutConfirmation.StatusCode);
        Assert.Equal(
            $"The deletion of '{admin.Session.Subject}' is not confirmed, so nothing was deleted. Go back, tick \"I understand that the deletion cannot be undone\" and submit again.",
            await ErrorTextAsync(withoutConfirmation));
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(0, await CountProgressAsync(admin));
        var result = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await delete.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.StartsWith("Your district forwards no statements", result.QuerySelector("[data-testid=forwarding]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_EmptySubject_400NamingField()
    {
        var admin = await _app.CreateLearnerAsync(role: PdRole.Administrator, districtName: "Privacy District D");

        using var export = await PostAsync(admin, "export", "  ");

        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        Assert.Equal("The LMS user id is empty. Go back, enter the person's LMS user id (LTI subject) and submit again.", await ErrorTextAsync(export));
    }

    private static async Task<string?> ErrorTextAsync(HttpResponseMessage response)
    {
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return page.QuerySelector("[data-testid=error]")?.TextContent;
    }

    private async Task<HttpResponseMessage> PostAsync(Learner admin, string action, string subject, bool confirm = false)
    {
        var fields = new Dictionary<string, string> { ["csrf_token"] = admin.Session.CsrfToken, ["subject"] = subject };
        if (confirm)
        {
            fields["confirm"] = "yes";
        }

        return await _app.PostFormAsync(admin, $"/app/admin/privacy/{action}", fields);
    }

    // Each person gets one progress row, so a deletion shows.
    private async Task SeedProgressAsync(Learner learner)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(database.Command(InsertProgress, new { learner.Session.RegistrationId, learner.Session.UserId }, TestContext.Current.CancellationToken));
    }

    private async Task<long> CountProgressAsync(Learner learner)
    {
        var database = _app.Factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM catalog_progress WHERE registration_id = @RegistrationId AND user_ref = @UserId",
            new { learner.Session.RegistrationId, learner.Session.UserId }, cancellationToken: TestContext.Current.CancellationToken));
    }
}
