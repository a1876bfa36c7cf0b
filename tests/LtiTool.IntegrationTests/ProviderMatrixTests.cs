using System.Net;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.Storage;
using LtiPd.TestSupport;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>
/// The launch flow on each database the tool supports. PostgreSQL and SQL Server rows run where
/// LTIPD_TEST_POSTGRESQL and LTIPD_TEST_SQLSERVER name a server, and are reported as skipped otherwise.
/// </summary>
public sealed class ProviderMatrixTests
{
    [Theory]
    [DatabaseData]
    public Task Launch_CanvasLearner_OnEachProvider(DatabaseProvider provider) =>
        FixtureLaunchTests.RunFixtureLaunchAsync(LaunchFixture.Load("canvas-learner"), "POST", provider);

    [Theory]
    [DatabaseData]
    public async Task Launch_ReplaysAndNewDeployment_OnEachProvider(DatabaseProvider provider)
    {
        await using var host = await LtiToolHost.StartAsync(provider);
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);

        // State replay: the same request twice.
        var login = await attempt.Browser.LoginAsync(platform.Login());
        var idToken = platform.Token(login).Build();
        var binding = new Dictionary<string, string>(attempt.Browser.Cookies);
        using (var first = await attempt.Browser.LaunchAsync(login, idToken))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        }

        foreach (var (name, value) in binding)
        {
            attempt.Browser.Cookies[name] = value;
        }

        using (var replay = await attempt.Browser.LaunchAsync(login, idToken))
        {
            Assert.Equal("state_replayed", replay.Headers.GetValues("X-LtiPd-Reason").Single());
        }

        // Nonce replay: the nonce conflicts in used_nonces, which each provider spells differently.
        var second = await attempt.Browser.LoginAsync(platform.Login());
        await host.Database.Database.ExecuteAsync(
            "INSERT INTO used_nonces (registration_id, nonce, expires_at_ms) VALUES (@RegistrationId, @Nonce, @ExpiresAtMs)",
            new { platform.RegistrationId, second.Nonce, ExpiresAtMs = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() });
        using (var nonceReplay = await attempt.LaunchAsync(second))
        {
            Assert.Equal("nonce_replayed", nonceReplay.Headers.GetValues("X-LtiPd-Reason").Single());
        }

        // A new deployment is recorded as pending, then admitted once approved.
        var pendingLogin = await attempt.Browser.LoginAsync(platform.Login() with { DeploymentId = null });
        using (var pending = await attempt.LaunchAsync(pendingLogin, token => token.With(Messages.LtiClaimNames.DeploymentId, "new-deployment")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, pending.StatusCode);
        }

        Assert.True(await host.Registry.ApproveDeploymentAsync(platform.RegistrationId, "new-deployment", TestContext.Current.CancellationToken));
        var approvedLogin = await attempt.Browser.LoginAsync(platform.Login() with { DeploymentId = null });
        using (var approved = await attempt.LaunchAsync(approvedLogin, token => token.With(Messages.LtiClaimNames.DeploymentId, "new-deployment")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        }

        // Removing the registration removes its sessions on every provider.
        Assert.Equal(2, (await host.Database.Database.SessionsAsync(platform.RegistrationId)).Count);
        Assert.True(await host.Registry.RemoveAsync(platform.RegistrationId, TestContext.Current.CancellationToken));
        Assert.Equal(0, await host.Database.Database.CountSessionsAsync(platform.RegistrationId));
    }
}
