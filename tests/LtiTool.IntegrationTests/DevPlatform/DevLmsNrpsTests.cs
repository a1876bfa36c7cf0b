using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

public sealed class DevLmsNrpsTests
{
    private const string NrpsScope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    private const string Memberships = "/devlms/courses/pd-sandbox/names_and_roles";

    [Fact]
    public async Task Memberships_AllPeople_ReturnedWithContextRoles()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, NrpsScope);

        using var response = await client.GetAsync(new Uri(Memberships, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var members = body.GetProperty("members").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.ims.lti-nrps.v2.membershipcontainer+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{host.Issuer}/courses/pd-sandbox/names_and_roles", body.GetProperty("id").GetString());
        Assert.Equal("PD Sandbox", body.GetProperty("context").GetProperty("title").GetString());
        Assert.Equal(["dev-teacher-maya", "dev-para-luis", "dev-leader-priya", "dev-admin-dana"], members.Select(member => member.GetProperty("user_id").GetString()));
        Assert.Equal("Maya Okafor", members[0].GetProperty("name").GetString());
        Assert.Equal("Active", members[0].GetProperty("status").GetString());
        Assert.Equal(["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], members[2].GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Memberships_Limit_PagesWithNextLink()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, NrpsScope);

        using var first = await client.GetAsync(new Uri(Memberships + "?limit=3", UriKind.Relative), cancellationToken);
        var next = first.Headers.GetValues("Link").Single();
        var nextUrl = new Uri(next[1..next.IndexOf('>', StringComparison.Ordinal)]);
        using var second = await client.GetAsync(nextUrl.PathAndQuery, cancellationToken);
        var firstMembers = (await first.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("members");
        var secondMembers = (await second.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("members");

        Assert.Equal($"<{host.Issuer}/courses/pd-sandbox/names_and_roles?limit=3&page=2>; rel=\"next\"", next);
        Assert.Equal(3, firstMembers.GetArrayLength());
        Assert.Equal("dev-admin-dana", secondMembers.EnumerateArray().Single().GetProperty("user_id").GetString());
        Assert.False(second.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("Learner", new[] { "dev-teacher-maya", "dev-para-luis" })]
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor", new[] { "dev-leader-priya" })]
    [InlineData("Mentor", new string[0])]
    public async Task Memberships_RoleFilter_ReturnsMatchingPeople(string role, string[] expectedUserIds)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, NrpsScope);

        var body = await client.GetFromJsonAsync<JsonElement>($"{Memberships}?role={Uri.EscapeDataString(role)}", cancellationToken);

        Assert.Equal(expectedUserIds, body.GetProperty("members").EnumerateArray().Select(member => member.GetProperty("user_id").GetString()));
    }

    [Fact]
    public async Task Memberships_AgsOnlyToken_IsForbidden()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        using var client = await DevLmsCalls.CreateAuthorizedClientAsync(host, cancellationToken, "https://purl.imsglobal.org/spec/lti-ags/scope/score");

        using var response = await client.GetAsync(new Uri(Memberships, UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
