using System.Net;
using LtiPd.LtiTool.DevPlatform;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

/// <summary>
/// The whole app in Development on a real Kestrel port on 127.0.0.1, with a fresh database (SQLite by default),
/// as a developer runs it: the tool and the dev LMS in one process.
/// </summary>
public sealed class DevLmsHost : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly WebApplicationFactory<Program> _factory;

    private DevLmsHost(TestDatabase database, WebApplicationFactory<Program> factory, int port)
    {
        _database = database;
        _factory = factory;
        Port = port;
    }

    /// <summary>The port Kestrel listens on.</summary>
    public int Port { get; }

    /// <summary>The app's origin under the 127.0.0.1 name, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri LoopbackOrigin => new($"http://127.0.0.1:{Port}");

    /// <summary>The app's origin under the localhost name.</summary>
    public Uri LocalhostOrigin => new($"http://localhost:{Port}");

    /// <summary>The dev LMS issuer the app registered.</summary>
    public string Issuer => Services.GetRequiredService<DevPlatformSite>().Issuer;

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts the app in <paramref name="environment"/> on a new database of <paramref name="provider"/>,
    /// with <paramref name="settings"/> added to its configuration.
    /// </summary>
    public static async Task<DevLmsHost> StartAsync(
        CancellationToken cancellationToken,
        string environment = "Development",
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder
                .UseEnvironment(environment)
                .UseTestDatabase(database)
                .ConfigureLogging(logging => logging.ClearProviders().AddTestOutput());
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();

        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevLmsHost(database, factory, new Uri(address).Port);
    }

    /// <summary>Creates a client for the app under the 127.0.0.1 name, not following redirects.</summary>
    public HttpClient CreateClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = LoopbackOrigin,
    };

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
