using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>
/// Upserts the credentials of <c>Lrs:Credentials</c> at start-up. It is registered after the
/// migration service, and hosted services start in registration order, so the table exists.
/// </summary>
internal sealed partial class ConfiguredCredentialsLoader : IHostedService
{
    private readonly LrsCredentialService _credentials;
    private readonly IOptions<LrsOptions> _options;
    private readonly ILogger<ConfiguredCredentialsLoader> _logger;

    public ConfiguredCredentialsLoader(LrsCredentialService credentials, IOptions<LrsOptions> options, ILogger<ConfiguredCredentialsLoader> logger)
    {
        _credentials = credentials;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _options.Value.Credentials)
        {
            var result = await _credentials.AddAsync(entry.Key, entry.Secret, entry.Scopes, entry.Tenant, "config", cancellationToken);
            if (!result.Succeeded)
            {
                // The options validator rejects these entries first; reaching this is a bug.
                throw new InvalidOperationException($"Lrs:Credentials entry '{entry.Key}' is invalid: {result.Error.Detail}");
            }

            LogCredentialRegistered(_logger, entry.Key, entry.Tenant);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 2001, EventName = "LrsCredentialRegistered", Level = LogLevel.Information,
        Message = "LRS credential {Key} registered from configuration for tenant {Tenant}")]
    private static partial void LogCredentialRegistered(ILogger logger, string key, string tenant);
}
