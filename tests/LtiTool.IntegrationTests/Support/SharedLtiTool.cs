namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// One tool host shared by the tests of a class. Tests stay independent by registering their own
/// platform (own issuer, client id and JWKS path) and asserting only on its rows.
/// </summary>
public sealed class SharedLtiTool : IAsyncLifetime
{
    private LtiToolHost? _host;

    /// <summary>The running host.</summary>
    public LtiToolHost Host => _host ?? throw new InvalidOperationException("The shared tool host has not started.");

    /// <inheritdoc/>
    public async ValueTask InitializeAsync() => _host = await LtiToolHost.StartAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
