using System.Net;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

public sealed class DevLmsEnvironmentTests
{
    private static readonly string[] DevLmsPaths =
    [
        "/devlms", "/devlms/jwks", "/devlms/auth", "/devlms/launch?person=dev-teacher-maya&link=pd-activity-coaching",
        "/devlms/grades", "/devlms/courses/pd-sandbox/line_items", "/devlms/courses/pd-sandbox/names_and_roles",
    ];

    [Fact]
    public async Task Production_DevLmsPaths_AreNotFound()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken, environment: "Production");
        using var client = host.CreateClient();

        foreach (var path in DevLmsPaths)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {path} returned {(int)response.StatusCode} in Production.");
        }

        using var token = await client.PostAsync(new Uri("/devlms/token", UriKind.Relative), new FormUrlEncodedContent([]), cancellationToken);
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        var registrations = await host.Services.GetRequiredService<PlatformRegistry>().ListAsync(cancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain(registrations, registration => registration.Source == "dev");
    }

    [Fact]
    public async Task Development_StartUp_RegistersDevLmsWithTool()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await DevLmsHost.StartAsync(cancellationToken);
        var registry = host.Services.GetRequiredService<PlatformRegistry>();

        var registration = Assert.Single(await registry.ListAsync(cancellationToken));
        var deployments = await registry.ListDeploymentsAsync(registration.Id, cancellationToken);

        Assert.Equal("dev", registration.Source);
        Assert.Equal($"http://localhost:{host.Port}/devlms", registration.Issuer);
        Assert.Equal(DevLmsCalls.ClientId, registration.ClientId);
        Assert.Equal($"http://localhost:{host.Port}/devlms/auth", registration.AuthUrl);
        Assert.Equal($"http://localhost:{host.Port}/devlms/token", registration.TokenUrl);
        Assert.Equal($"http://localhost:{host.Port}/devlms/jwks", registration.JwksUrl);
        var deployment = Assert.Single(deployments);
        Assert.Equal("dev-deployment-1", deployment.DeploymentId);
        Assert.Equal(DeploymentStatus.Active, deployment.Status);
    }
}
