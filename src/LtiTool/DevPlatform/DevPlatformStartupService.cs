using LtiPd.LtiTool.Platforms;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Once the server listens, works out the dev platform's issuer from the bound port, creates its
/// key and gradebook columns, registers it in the tool's platform registry (source <c>dev</c>),
/// and logs the URL to open.
/// </summary>
internal sealed partial class DevPlatformStartupService : IHostedLifecycleService
{
    private readonly IServer _server;
    private readonly DevPlatformSite _site;
    private readonly DevPlatformKeyStore _keys;
    private readonly DevGradebook _gradebook;
    private readonly PlatformRegistry _registry;
    private readonly IOptions<DevPlatformOptions> _options;
    private readonly IOptions<LtiOptions> _ltiOptions;
    private readonly ILogger<DevPlatformStartupService> _logger;

    public DevPlatformStartupService(
        IServer server,
        DevPlatformSite site,
        DevPlatformKeyStore keys,
        DevGradebook gradebook,
        PlatformRegistry registry,
        IOptions<DevPlatformOptions> options,
        IOptions<LtiOptions> ltiOptions,
        ILogger<DevPlatformStartupService> logger)
    {
        _server = server;
        _site = site;
        _keys = keys;
        _gradebook = gradebook;
        _registry = registry;
        _options = options;
        _ltiOptions = ltiOptions;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every StartAsync, so migrations are applied and the server's addresses are bound.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var listening = ListeningOrigin();
        var port = listening.IsDefaultPort ? "" : ":" + listening.Port;
        var issuer = string.IsNullOrWhiteSpace(_options.Value.Issuer)
            ? $"{listening.Scheme}://localhost{port}{DevPlatformEndpoints.BasePath}"
            : _options.Value.Issuer.TrimEnd('/');

        // The tool is reached under both loopback names, so the course page can frame it cross-site
        // from either one. A configured public URL adds a third origin.
        var toolOrigins = new List<string> { $"{listening.Scheme}://127.0.0.1{port}", $"{listening.Scheme}://localhost{port}" };
        if (_ltiOptions.Value.PublicBaseUrl is { Length: > 0 } publicBaseUrl)
        {
            toolOrigins.Add(new Uri(publicBaseUrl).GetLeftPart(UriPartial.Authority));
        }

        _site.Set(issuer, toolOrigins.Distinct(StringComparer.OrdinalIgnoreCase).ToList());

        var kid = await _keys.EnsureKeyAsync(cancellationToken);
        await _gradebook.EnsureSeededAsync(cancellationToken);
        var options = _options.Value;
        await _registry.SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = _site.Issuer,
            ClientId = options.ClientId,
            DeploymentIds = [options.DeploymentId],
            AuthUrl = _site.AuthUrl,
            TokenUrl = _site.TokenUrl,
            JwksUrl = _site.JwksUrl,
            DistrictName = "Dev LMS sandbox district",
            Source = "dev",
        }, cancellationToken);

        Log.DevPlatformReady(_logger, _site.Issuer, options.ClientId, options.DeploymentId, kid);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Uri ListeningOrigin()
    {
        var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            // Kestrel reports wildcard bindings as http://[::]:5000 or http://+:5000; Uri accepts neither "+" nor "*".
            var normalized = address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
            if (Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }
        }

        // The in-memory test server binds no address; its requests carry http://localhost.
        Log.NoServerAddress(_logger);
        return new Uri("http://localhost");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1801, EventName = "DevPlatformReady", Level = LogLevel.Information,
            Message = "Dev LMS: {Issuer} (client {ClientId}, deployment {DeploymentId}, kid {KeyId}). Open it and click a person to launch the tool.")]
        public static partial void DevPlatformReady(ILogger logger, string issuer, string clientId, string deploymentId, string keyId);

        [LoggerMessage(EventId = 1808, EventName = "DevPlatformNoServerAddress", Level = LogLevel.Warning,
            Message = "The server reports no listening address; the dev LMS assumes http://localhost")]
        public static partial void NoServerAddress(ILogger logger);
    }
}
