using System.Net;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.IntegrationTests.Review;
using LtiPd.LtiTool.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

/// <summary>Form bodies ASP.NET Core cannot parse get a 400 page on the learner pages, never the exception page, and store nothing.</summary>
public sealed class MalformedFormTests : IClassFixture<LearnerAppFixture>
{
    private const string Module = "/app/modules/test-module";
    private readonly LearnerAppFixture _app;

    public MalformedFormTests(LearnerAppFixture app)
    {
        _app = app;
    }

    private ProgressStore Progress => _app.Factory.Services.GetRequiredService<ProgressStore>();

    [Fact]
    public async Task Reflection_NulCharacter_Returns400Page()
    {
        var learner = await _app.CreateLearnerAsync();
        var body = $"csrf_token={Uri.EscapeDataString(learner.Session.CsrfToken)}&reflection=before%00after{new string('x', 200)}";

        using var response = await PostRawAsync(learner, Module + "/activities/reflect/reflection", body, "application/x-www-form-urlencoded");

        await AssertUnreadableFormPageAsync(response);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reflection_ValueOver4MiB_Returns400Page()
    {
        var learner = await _app.CreateLearnerAsync();
        var body = $"csrf_token={Uri.EscapeDataString(learner.Session.CsrfToken)}&reflection={new string('x', (4 * 1024 * 1024) + 1)}";

        using var response = await PostRawAsync(learner, Module + "/activities/reflect/reflection", body, "application/x-www-form-urlencoded");

        await AssertUnreadableFormPageAsync(response);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Quiz_MoreThan1024Fields_Returns400Page()
    {
        var learner = await _app.CreateLearnerAsync();
        var fields = Enumerable.Range(0, 1100).Select(index => $"field{index}=1");
        var body = $"csrf_token={Uri.EscapeDataString(learner.Session.CsrfToken)}&q-colour=blue&q-sum=four&" + string.Join('&', fields);

        using var response = await PostRawAsync(learner, Module + "/activities/quiz/quiz", body, "application/x-www-form-urlencoded");

        await AssertUnreadableFormPageAsync(response);
        Assert.Empty(await Progress.ListAsync(learner.Session.RegistrationId, learner.Session.UserId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Evidence_MultipartCutOff_Returns400Page()
    {
        var learner = await _app.CreateLearnerAsync();
        var body = "--cut\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + learner.Session.CsrfToken
            + "\r\n--cut\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nMy plan, cut off before the closing boundary";

        using var response = await PostRawAsync(learner, Module + "/activities/evidence/evidence", body, "multipart/form-data; boundary=cut");

        await AssertUnreadableFormPageAsync(response);
        Assert.Null(await EvidenceSubmissionTests.FindAsync(_app, learner));
    }

    [Fact]
    public async Task Evidence_MultipartWithoutBoundary_Returns400Page()
    {
        var learner = await _app.CreateLearnerAsync();

        using var response = await PostRawAsync(learner, Module + "/activities/evidence/evidence", "text=My plan", "multipart/form-data");

        await AssertUnreadableFormPageAsync(response);
        Assert.Null(await EvidenceSubmissionTests.FindAsync(_app, learner));
    }

    private async Task<HttpResponseMessage> PostRawAsync(Learner learner, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("Cookie", $"{SessionCookies.SessionCookieName}={learner.SessionId}");
        return await _app.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task AssertUnreadableFormPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await LearnerAppFixture.ReadPageAsync(response);
        Assert.Equal("Form not accepted", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(
            "This form could not be read. A form may have at most 1,024 fields, each under 4 MiB, with no NUL characters. Go back, shorten what you typed and submit it again.",
            page.QuerySelector("[data-testid=error]")!.TextContent);
    }
}
