using System.Net;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>Two districts on one shared issuer (as on Canvas Cloud) never share a row.</summary>
public sealed class TenancyTests(SharedLtiTool tool) : IClassFixture<SharedLtiTool>
{
    [Fact]
    public async Task Launch_SameIdsFromTwoRegistrations_SeparateRows()
    {
        var districtA = await tool.Host.RegisterPlatformAsync();
        var districtB = await tool.Host.RegisterPlatformAsync(issuer: districtA.Issuer);
        var courseId = "course-" + Guid.NewGuid().ToString("N")[..8];
        var subject = "user-" + Guid.NewGuid().ToString("N")[..8];

        foreach (var (platform, title) in new[] { (districtA, "District A course"), (districtB, "District B course") })
        {
            using var attempt = new LaunchAttempt(tool.Host, platform);
            using var launch = await attempt.LaunchAsync(token => token
                .With("sub", subject)
                .With(LtiClaimNames.Context, new System.Text.Json.Nodes.JsonObject { ["id"] = courseId, ["title"] = title }));
            Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        }

        await using var connection = await tool.Host.Database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var contexts = (await connection.QueryAsync<(string RegistrationId, string Title)>(
            "SELECT registration_id, title FROM lti_contexts WHERE context_id = @courseId ORDER BY title", new { courseId })).ToList();
        var users = (await connection.QueryAsync<string>(
            "SELECT registration_id FROM lti_users WHERE subject = @subject", new { subject })).ToList();

        Assert.Equal([(districtA.RegistrationId, "District A course"), (districtB.RegistrationId, "District B course")], contexts);
        Assert.Equal(2, users.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("District A course", Assert.Single(await tool.Host.Database.Database.SessionsAsync(districtA.RegistrationId)).ContextTitle);
        Assert.Equal("District B course", Assert.Single(await tool.Host.Database.Database.SessionsAsync(districtB.RegistrationId)).ContextTitle);
    }

    [Fact]
    public async Task Register_SharedIssuerWithoutDistrictName_SeparateDistricts()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var issuer = $"https://canvas-{Guid.NewGuid():N}.example.org";

        var first = await tool.Host.Registry.SaveAsync(Registration(issuer, "client-1"), cancellationToken);
        var second = await tool.Host.Registry.SaveAsync(Registration(issuer, "client-2"), cancellationToken);
        var again = await tool.Host.Registry.SaveAsync(Registration(issuer, "client-1"), cancellationToken);

        Assert.NotEqual(first.DistrictId, second.DistrictId);
        Assert.Equal(first.DistrictId, again.DistrictId);
        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public async Task Launch_SameUserTwice_OneUserRowTwoSessions()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        var subject = "user-" + Guid.NewGuid().ToString("N")[..8];
        using var attempt = new LaunchAttempt(tool.Host, platform);

        using (var first = await attempt.LaunchAsync(token => token.With("sub", subject).With("name", "Old Name")))
        using (var second = await attempt.LaunchAsync(token => token.With("sub", subject).With("name", "New Name")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
            Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        }

        await using var connection = await tool.Host.Database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var names = (await connection.QueryAsync<string>(
            "SELECT name FROM lti_users WHERE registration_id = @RegistrationId", new { platform.RegistrationId })).ToList();
        Assert.Equal(["New Name"], names);
        Assert.Equal(2, (await tool.Host.Database.Database.SessionsAsync(platform.RegistrationId)).Count);
    }

    private static PlatformRegistrationRequest Registration(string issuer, string clientId) => new()
    {
        Issuer = issuer,
        ClientId = clientId,
        AuthUrl = issuer + "/api/lti/authorize_redirect",
        TokenUrl = issuer + "/login/oauth2/token",
        JwksUrl = issuer + "/api/lti/security/jwks",
    };
}
