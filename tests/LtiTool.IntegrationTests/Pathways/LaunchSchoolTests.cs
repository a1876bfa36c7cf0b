using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using LtiPd.LtiTool.Cli;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests.Pathways;

public sealed class LaunchSchoolTests
{
    private const string Issuer = "https://canvas-school.example.org";
    private const string ClientId = "school-client";

    [Theory]
    [DatabaseData]
    public async Task Launch_MappedSchoolParameter_SetsSchool(DatabaseProvider provider)
    {
        await using var host = await LtiToolHost.StartAsync(provider, settings: url => new Dictionary<string, string?>
        {
            ["Lti:Platforms:0:Issuer"] = Issuer,
            ["Lti:Platforms:0:ClientId"] = ClientId,
            ["Lti:Platforms:0:AuthUrl"] = url + "/school/auth",
            ["Lti:Platforms:0:TokenUrl"] = url + "/school/token",
            ["Lti:Platforms:0:JwksUrl"] = url + "/school/jwks",
            ["Lti:Platforms:0:DeploymentIds:0"] = "dep-school",
            ["Lti:Platforms:0:SchoolParameter"] = "school_id",
            ["Lti:Platforms:0:SchoolNameParameter"] = "school_name",
        });
        var platform = await host.AttachPlatformAsync(Issuer, ClientId, "dep-school", "/school/auth", "/school/jwks", "kid-school");

        using (var attempt = new LaunchAttempt(host, platform))
        using (var launch = await attempt.LaunchAsync(token => token.With("sub", "teacher-7").With(LtiClaimNames.Custom, new JsonObject { ["school_id"] = "S-7", ["school_name"] = "Cedar Elementary" })))
        {
            Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        }

        Assert.Equal(["S-7"], await UserSchoolsAsync(host, platform.RegistrationId));
        Assert.Equal("Cedar Elementary", await QuerySingleAsync<string>(host,
            "SELECT name FROM lti_schools WHERE registration_id = @RegistrationId AND school_id = 'S-7'", new { platform.RegistrationId }));
        Assert.Equal("Learner", await QuerySingleAsync<string>(host,
            "SELECT role FROM pd_launch_memberships WHERE registration_id = @RegistrationId", new { platform.RegistrationId }));

        // Canvas sends an unresolved substitution as its literal text; the school stays as it was.
        using (var attempt = new LaunchAttempt(host, platform))
        using (var launch = await attempt.LaunchAsync(token => token.With("sub", "teacher-7").With(LtiClaimNames.Custom, new JsonObject { ["school_id"] = "$Canvas.account.id" })))
        {
            Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        }

        Assert.Equal(["S-7"], await UserSchoolsAsync(host, platform.RegistrationId));
        Assert.Equal(1L, await QuerySingleAsync<long>(host,
            "SELECT COUNT(*) FROM lti_schools WHERE registration_id = @RegistrationId", new { platform.RegistrationId }));
    }

    [Fact]
    public async Task Launch_SchoolParameterFromPlatformAdd_SetsSchool()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        var registration = (await host.Registry.FindByIdAsync(platform.RegistrationId, TestContext.Current.CancellationToken))!;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ToolCommandLine.RunAsync(
            [
                "platform", "add", "--issuer", registration.Issuer, "--client-id", registration.ClientId,
                "--auth-url", registration.AuthUrl, "--token-url", registration.TokenUrl, "--jwks-url", registration.JwksUrl,
                "--school-parameter", "school_id", "--school-name-parameter", "school_name",
            ],
            host.Services,
            output,
            error);
        using (var attempt = new LaunchAttempt(host, platform))
        using (var launch = await attempt.LaunchAsync(token => token.With("sub", "teacher-8").With(LtiClaimNames.Custom, new JsonObject { ["school_id"] = "S-8", ["school_name"] = "Birch Middle" })))
        {
            Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        }

        Assert.True(exitCode == 0, error.ToString());
        Assert.Equal(["S-8"], await UserSchoolsAsync(host, platform.RegistrationId));
        Assert.Equal("Birch Middle", await QuerySingleAsync<string>(host,
            "SELECT name FROM lti_schools WHERE registration_id = @RegistrationId AND school_id = 'S-8'", new { platform.RegistrationId }));
    }

    private static async Task<List<string?>> UserSchoolsAsync(LtiToolHost host, string registrationId)
    {
        await using var connection = await host.Database.Database.OpenAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<string?>("SELECT school_id FROM lti_users WHERE registration_id = @RegistrationId", new { RegistrationId = registrationId })).ToList();
    }

    private static async Task<T> QuerySingleAsync<T>(LtiToolHost host, string sql, object parameters)
    {
        await using var connection = await host.Database.Database.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }
}
