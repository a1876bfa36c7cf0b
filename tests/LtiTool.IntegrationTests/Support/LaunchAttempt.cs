namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// One platform and one browser, with shortcuts for a launch that is valid except for what a
/// test changes.
/// </summary>
public sealed class LaunchAttempt : IDisposable
{
    /// <summary>Creates an attempt for <paramref name="platform"/> on <paramref name="host"/>.</summary>
    public LaunchAttempt(LtiToolHost host, TestPlatform platform)
    {
        Host = host;
        Platform = platform;
        Browser = host.NewBrowser();
    }

    /// <summary>The tool.</summary>
    public LtiToolHost Host { get; }

    /// <summary>The platform launching.</summary>
    public TestPlatform Platform { get; }

    /// <summary>The browser.</summary>
    public LtiBrowser Browser { get; }

    /// <summary>How many sessions the platform's registration may hold afterwards (replays launch once first).</summary>
    public int ExpectedSessions { get; set; }

    /// <summary>Logs in, builds a valid token, applies <paramref name="change"/> and posts the launch.</summary>
    public async Task<HttpResponseMessage> LaunchAsync(Action<IdTokenBuilder>? change = null)
    {
        var login = await Browser.LoginAsync(Platform.Login());
        var token = Platform.Token(login);
        change?.Invoke(token);
        return await Browser.LaunchAsync(login, token.Build());
    }

    /// <summary>Logs in and posts the launch for a given login with a token changed by <paramref name="change"/>.</summary>
    public Task<HttpResponseMessage> LaunchAsync(LoginRedirect login, Action<IdTokenBuilder>? change = null)
    {
        var token = Platform.Token(login);
        change?.Invoke(token);
        return Browser.LaunchAsync(login, token.Build());
    }

    /// <inheritdoc/>
    public void Dispose() => Browser.Dispose();
}
