using System.Net;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>What a launch writes to the log: the events admins search for, and never a token.</summary>
public sealed class LaunchLoggingTests
{
    [Fact]
    public async Task Launch_AcceptedAndRejected_LogsNoTokenOrSessionId()
    {
        await using var host = await LtiToolHost.StartAsync();
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);
        var secrets = new List<string>();

        var login = await attempt.Browser.LoginAsync(platform.Login());
        var accepted = platform.Token(login).Build();
        using (var response = await attempt.Browser.LaunchAsync(login, accepted))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            secrets.Add(attempt.Browser.Cookies[SessionCookies.SessionCookieName]);
        }

        foreach (var change in new Action<IdTokenBuilder>[]
        {
            token => token.WithCorruptSignature(),
            token => token.With("iss", "https://other-lms.example.org"),
            token => token.With("nonce", "wrong"),
            token => token.WithHeader("kid", "unknown"),
        })
        {
            var rejectedLogin = await attempt.Browser.LoginAsync(platform.Login());
            var builder = platform.Token(rejectedLogin);
            change(builder);
            var rejected = builder.Build();
            secrets.Add(rejected);
            using var response = await attempt.Browser.LaunchAsync(rejectedLogin, rejected);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        secrets.Add(accepted);
        var entries = host.Logs.Entries;
        Assert.Contains(entries, entry => entry.EventId.Id == 1010 && entry.EventId.Name == "LaunchAccepted");
        Assert.Equal(4, entries.Count(entry => entry.EventId.Id == 1011 && entry.EventId.Name == "LaunchRejected"));
        foreach (var secret in secrets)
        {
            var parts = secret.Split('.');
            Assert.DoesNotContain(entries, entry => entry.Contains(secret));
            Assert.All(parts.Where(part => part.Length > 20), part => Assert.DoesNotContain(entries, entry => entry.Contains(part)));
        }
    }
}
