using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

public sealed class DevLmsAgsTests
{
    private const string LineItemScope = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    private const string LineItemReadOnlyScope = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
    private const string ResultScope = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
    private const string ScoreScope = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    private const string LineItems = "/devlms/courses/pd-sandbox/line_items";

    [Fact]
    public async Task LineItems_Seeded_ListedAsContainer()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, LineItemReadOnlyScope);

        using var response = await client.GetAsync(new Uri(LineItems, UriKind.Relative), cancellationToken);
        var items = await response.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.ims.lis.v2.lineitemcontainer+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, items!.Length);
        Assert.Equal($"{host.Issuer}/courses/pd-sandbox/line_items/line-item-coaching", items[0].GetProperty("id").GetString());
        Assert.Equal("Instructional coaching cycle", items[0].GetProperty("label").GetString());
        Assert.Equal(10, items[0].GetProperty("scoreMaximum").GetDouble());
        Assert.Equal("pd-activity-coaching", items[0].GetProperty("resourceLinkId").GetString());
        Assert.Equal(100, items[1].GetProperty("scoreMaximum").GetDouble());
    }

    [Fact]
    public async Task LineItems_FilterAndLimit_NarrowList()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, LineItemReadOnlyScope);

        using var filtered = await client.GetAsync(new Uri(LineItems + "?resource_link_id=pd-activity-literacy", UriKind.Relative), cancellationToken);
        using var paged = await client.GetAsync(new Uri(LineItems + "?limit=1", UriKind.Relative), cancellationToken);
        var filteredItems = await filtered.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken);
        var pagedItems = await paged.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken);

        Assert.Equal("line-item-literacy", filteredItems!.Single().GetProperty("id").GetString()!.Split('/')[^1]);
        Assert.Single(pagedItems!);
        Assert.Equal($"<{host.Issuer}/courses/pd-sandbox/line_items?limit=1&page=2>; rel=\"next\"", paged.Headers.GetValues("Link").Single());
    }

    [Theory]
    [DatabaseData]
    public async Task Score_Posted_AppearsInResultsAndGradesPage(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken, provider: provider);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, ScoreScope, ResultScope);

        using var posted = await PostScoreAsync(client, "line-item-coaching", "dev-teacher-maya", 45, 50, "2026-12-04T20:15:00.123Z", cancellationToken);
        using var results = await client.GetAsync(new Uri(LineItems + "/line-item-coaching/results", UriKind.Relative), cancellationToken);
        var result = (await results.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken))!.Single();
        var grades = await client.GetStringAsync(new Uri("/devlms/grades", UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("application/vnd.ims.lis.v2.resultcontainer+json", results.Content.Headers.ContentType?.MediaType);
        Assert.Equal("dev-teacher-maya", result.GetProperty("userId").GetString());
        Assert.Equal(9, result.GetProperty("resultScore").GetDouble(), 6);
        Assert.Equal(10, result.GetProperty("resultMaximum").GetDouble());
        Assert.Equal($"{host.Issuer}/courses/pd-sandbox/line_items/line-item-coaching", result.GetProperty("scoreOf").GetString());
        Assert.Equal("Observed lesson", result.GetProperty("comment").GetString());
        Assert.Contains("data-testid=\"grade-line-item-coaching-dev-teacher-maya\">45/50 (Completed, FullyGraded)</td>", grades, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_OlderThanRecorded_IsRejectedWithBadRequest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, ScoreScope, ResultScope);
        using var newer = await PostScoreAsync(client, "line-item-literacy", "dev-para-luis", 80, 100, "2026-12-04T20:15:00Z", cancellationToken);

        using var older = await PostScoreAsync(client, "line-item-literacy", "dev-para-luis", 20, 100, "2026-12-04T20:14:59Z", cancellationToken);
        using var results = await client.GetAsync(new Uri(LineItems + "/line-item-literacy/results?user_id=dev-para-luis", UriKind.Relative), cancellationToken);
        var result = (await results.Content.ReadFromJsonAsync<JsonElement[]>(cancellationToken))!.Single();

        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, older.StatusCode);
        Assert.Contains("before last updated timestamp", await older.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);
        Assert.Equal(80, result.GetProperty("resultScore").GetDouble());
    }

    [Theory]
    [InlineData("""{"userId":"nobody","activityProgress":"Completed","gradingProgress":"FullyGraded","timestamp":"2026-12-04T20:15:00Z"}""", "userId 'nobody'")]
    [InlineData("""{"userId":"dev-teacher-maya","activityProgress":"Done","gradingProgress":"FullyGraded","timestamp":"2026-12-04T20:15:00Z"}""", "activityProgress 'Done'")]
    [InlineData("""{"userId":"dev-teacher-maya","activityProgress":"Completed","gradingProgress":"FullyGraded"}""", "timestamp ''")]
    [InlineData("""{"userId":"dev-teacher-maya","scoreGiven":5,"activityProgress":"Completed","gradingProgress":"FullyGraded","timestamp":"2026-12-04T20:15:00Z"}""", "scoreGiven 5 needs a scoreMaximum")]
    [InlineData("""[1]""", "not a JSON object")]
    public async Task Score_Invalid_IsRejectedNamingTheValue(string body, string expectedDetail)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, ScoreScope);

        using var response = await client.PostAsync(
            new Uri(LineItems + "/line-item-coaching/scores", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/vnd.ims.lis.v1.score+json"),
            cancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expectedDetail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_UnknownLineItem_IsNotFound()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, ScoreScope);

        using var response = await PostScoreAsync(client, "no-such-item", "dev-teacher-maya", 1, 1, "2026-12-04T20:15:00Z", cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Ags_WithoutToken_IsUnauthorizedWithBearerChallenge()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri(LineItems, UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_request\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ags_TokenWithoutScoreScope_IsForbidden()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, LineItemReadOnlyScope);

        using var response = await PostScoreAsync(client, "line-item-coaching", "dev-teacher-maya", 1, 1, "2026-12-04T20:15:00Z", cancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("Bearer error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ags_TamperedToken_IsUnauthorized()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "made-up-token");

        using var response = await client.GetAsync(new Uri(LineItems, UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LineItem_CreateReadUpdateDelete_RoundTrips()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, LineItemScope);

        using var created = await client.PostAsync(
            new Uri(LineItems, UriKind.Relative),
            new StringContent("""{"label":"Reflection journal","scoreMaximum":20,"resourceId":"journal-1","tag":"reflection"}""", Encoding.UTF8, "application/vnd.ims.lis.v2.lineitem+json"),
            cancellationToken);
        var item = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var url = new Uri(item.GetProperty("id").GetString()!);
        using var updated = await client.PutAsync(
            url.PathAndQuery,
            new StringContent("""{"label":"Reflection journal (revised)","scoreMaximum":25}""", Encoding.UTF8, "application/vnd.ims.lis.v2.lineitem+json"),
            cancellationToken);
        var read = await client.GetFromJsonAsync<JsonElement>(url.PathAndQuery, cancellationToken);
        using var deleted = await client.DeleteAsync(url.PathAndQuery, cancellationToken);
        using var readAfterDelete = await client.GetAsync(url.PathAndQuery, cancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(url, created.Headers.Location);
        Assert.Equal("journal-1", item.GetProperty("resourceId").GetString());
        Assert.Equal("reflection", item.GetProperty("tag").GetString());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Reflection journal (revised)", read.GetProperty("label").GetString());
        Assert.Equal(25, read.GetProperty("scoreMaximum").GetDouble());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readAfterDelete.StatusCode);
    }

    [Fact]
    public async Task LineItem_ZeroScoreMaximum_IsRejected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, LineItemScope);

        using var response = await client.PostAsync(
            new Uri(LineItems, UriKind.Relative),
            new StringContent("""{"label":"Empty","scoreMaximum":0}""", Encoding.UTF8, "application/vnd.ims.lis.v2.lineitem+json"),
            cancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Ags_UnknownCourse_IsNotFound()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, LineItemReadOnlyScope);

        using var response = await client.GetAsync(new Uri("/devlms/courses/other-course/line_items", UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostScoreAsync(
        HttpClient client, string lineItemId, string userId, double scoreGiven, double scoreMaximum, string timestamp, CancellationToken cancellationToken)
    {
        var score = new
        {
            userId,
            scoreGiven,
            scoreMaximum,
            comment = "Observed lesson",
            timestamp,
            activityProgress = "Completed",
            gradingProgress = "FullyGraded",
        };
        return client.PostAsync(
            new Uri($"{LineItems}/{lineItemId}/scores", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(score), Encoding.UTF8, "application/vnd.ims.lis.v1.score+json"),
            cancellationToken);
    }
}
