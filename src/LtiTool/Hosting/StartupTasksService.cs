using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Hosting;

/// <summary>
/// Runs after migrations and before the server takes requests: creates the first tool key and
/// applies the platforms listed in configuration to the registry.
/// </summary>
internal sealed partial class StartupTasksService : IHostedService
{
    private readonly ToolKeyStore _keys;
    private readonly PlatformRegistry _registry;
    private readonly IOptions<LtiOptions> _options;
    private readonly ILogger<StartupTasksService> _logger;

    public StartupTasksService(ToolKeyStore keys, PlatformRegistry registry, IOptions<LtiOptions> options, ILogger<StartupTasksService> logger)
    {
        _keys = keys;
        _registry = registry;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _keys.EnsureCurrentKeyAsync(cancellationToken);

        foreach (var platform in _options.Value.Platforms)
        {
            var saved = await _registry.SaveAsync(new PlatformRegistrationRequest
            {
                Issuer = platform.Issuer,
                ClientId = platform.ClientId,
                DeploymentIds = platform.DeploymentIds,
                AuthUrl = platform.AuthUrl,
                TokenUrl = platform.TokenUrl,
                JwksUrl = platform.JwksUrl,
                TokenAudience = string.IsNullOrWhiteSpace(platform.TokenAudience) ? null : platform.TokenAudience,
                DistrictName = platform.District,
                SchoolParameter = string.IsNullOrWhiteSpace(platform.SchoolParameter) ? null : platform.SchoolParameter,
                SchoolNameParameter = string.IsNullOrWhiteSpace(platform.SchoolNameParameter) ? null : platform.SchoolNameParameter,
                Source = "configuration",
            }, cancellationToken);
            Log.PlatformConfigured(_logger, saved.Issuer, saved.ClientId, platform.DeploymentIds.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1501, EventName = "PlatformConfigured", Level = LogLevel.Information,
            Message = "Platform {Issuer} (client {ClientId}) registered from configuration with {DeploymentCount} deployments")]
        public static partial void PlatformConfigured(ILogger logger, string issuer, string clientId, int deploymentCount);
    }
}
