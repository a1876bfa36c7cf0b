using System.Net;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Configuration;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>Platforms registered from environment variables, as a container deployment sets them.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task EnvironmentVariables_PlatformsSection_RegistersAndLaunches()
    {
        // A prefix of its own keeps this test's variables away from every other host in the run.
        var prefix = $"LTIPD_TEST_{Guid.NewGuid():N}_";
        var id = Guid.NewGuid().ToString("N")[..8];
        var issuer = $"https://env-{id}.example.org";
        var variables = new Dictionary<string, string>();
        try
        {
            await using var host = await LtiToolHost.StartAsync(configure: builder =>
            {
                builder.ConfigureAppConfiguration((_, configuration) => configuration.AddEnvironmentVariables(prefix));
            }, beforeStart: platformUrl =>
            {
                variables[prefix + "Lti__Platforms__0__Issuer"] = issuer;
                variables[prefix + "Lti__Platforms__0__ClientId"] = "env-client";
                variables[prefix + "Lti__Platforms__0__DeploymentIds__0"] = "env-deployment";
                variables[prefix + "Lti__Platforms__0__AuthUrl"] = platformUrl + "/env/auth";
                variables[prefix + "Lti__Platforms__0__TokenUrl"] = platformUrl + "/env/token";
                variables[prefix + "Lti__Platforms__0__JwksUrl"] = platformUrl + "/env/jwks";
                variables[prefix + "Lti__Platforms__0__District"] = "Env District";
                foreach (var (name, value) in variables)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            });

            var registration = await host.Registry.FindAsync(issuer, "env-client", TestContext.Current.CancellationToken);
            Assert.NotNull(registration);
            Assert.Equal("configuration", registration.Source);
            Assert.Equal(host.PlatformBaseUrl + "/env/jwks", registration.JwksUrl);
            Assert.Equal(DeploymentStatus.Active, await host.Registry.GetDeploymentStatusAsync(registration.Id, "env-deployment", TestContext.Current.CancellationToken));

            var platform = await host.AttachPlatformAsync(issuer, "env-client", "env-deployment", "/env/auth", "/env/jwks", "env-kid");
            using var attempt = new LaunchAttempt(host, platform);
            using var launch = await attempt.LaunchAsync();
            Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
            Assert.Single(await host.Database.Database.SessionsAsync(registration.Id));
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public async Task PublicBaseUrl_Set_RedirectUriAndTargetCheckUseIt()
    {
        await using var host = await LtiToolHost.StartAsync(settings: _ => new Dictionary<string, string?>
        {
            ["Lti:PublicBaseUrl"] = "https://pd.district.example.org",
        });
        var platform = await host.RegisterPlatformAsync();
        using var browser = host.NewBrowser();

        var redirect = await browser.LoginAsync(platform.Login() with { TargetLinkUri = "https://pd.district.example.org/lti/launch" });
        using var requestHost = await browser.SendLoginAsync(platform.Login(), HttpMethod.Post);

        Assert.Equal("https://pd.district.example.org/lti/launch", redirect.Parameters["redirect_uri"]);
        Assert.Equal(HttpStatusCode.BadRequest, requestHost.StatusCode);
        Assert.Equal("target_link_uri_not_allowed", requestHost.Headers.GetValues("X-LtiPd-Reason").Single());
    }

    [Fact]
    public async Task ConfiguredPlatform_InvalidUrl_StartFailsNamingSetting()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await LtiToolHost.StartAsync(settings: _ => new Dictionary<string, string?>
            {
                ["Lti:Platforms:0:Issuer"] = "https://lms.example.org",
                ["Lti:Platforms:0:ClientId"] = "client",
                ["Lti:Platforms:0:AuthUrl"] = "https://lms.example.org/auth",
                ["Lti:Platforms:0:TokenUrl"] = "https://lms.example.org/token",
                ["Lti:Platforms:0:JwksUrl"] = "lms.example.org/jwks",
            });
        });

        Assert.Contains("Lti:Platforms:0:JwksUrl 'lms.example.org/jwks' is not an absolute http(s) URL.", exception.ToString(), StringComparison.Ordinal);
    }
}
