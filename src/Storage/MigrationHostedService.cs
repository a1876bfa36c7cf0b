using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LtiPd.Storage;

/// <summary>
/// Runs the migrations before the web server starts accepting requests: WebApplication starts
/// hosted services ahead of the server, so no request meets an old schema.
/// </summary>
internal sealed class MigrationHostedService : IHostedService
{
    private readonly DatabaseMigrator _migrator;
    private readonly IOptions<StorageOptions> _options;

    public MigrationHostedService(DatabaseMigrator migrator, IOptions<StorageOptions> options)
    {
        _migrator = migrator;
        _options = options;
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        _options.Value.MigrateOnStartup ? _migrator.MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
