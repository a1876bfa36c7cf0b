using LtiPd.LtiTool.IntegrationTests.Support;

namespace LtiPd.LtiTool.IntegrationTests.Services;

public sealed class RosterCommandTests
{
    [Fact]
    public async Task RosterSync_UnknownRegistration_ExitsWithHint()
    {
        await using var cli = await CommandLineRunner.CreateAsync();

        var result = await cli.RunAsync("roster", "sync", "--registration", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Registration 'nope' does not exist. Run 'platform list' to see the registration ids.", result.Error.Trim());
    }

    [Fact]
    public async Task RosterSync_NoCourseLaunched_ExitsWithHint()
    {
        await using var cli = await CommandLineRunner.CreateAsync(requireHttps: false);
        var added = await cli.RunAsync(
            "platform", "add", "--issuer", "https://canvas.instructure.com", "--client-id", "10000000000042",
            "--auth-url", "https://sso.canvaslms.com/api/lti/authorize_redirect", "--token-url", "https://sso.canvaslms.com/login/oauth2/token",
            "--jwks-url", "https://sso.canvaslms.com/api/lti/security/jwks");
        var registrationId = added.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(word => word.Length == 32);

        var result = await cli.RunAsync("roster", "sync", "--registration", registrationId);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has a roster URL", result.Error, StringComparison.Ordinal);
    }
}
