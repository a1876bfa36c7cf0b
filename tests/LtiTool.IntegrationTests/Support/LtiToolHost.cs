using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.Server;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// The tool under test on a fresh database, with a WireMock.Net server on 127.0.0.1 standing in
/// for the LMS (its JWKS and authorization endpoints). Browsers talk to the tool at
/// <c>https://localhost</c>, so its Secure cookies flow as they would in production.
/// </summary>
public sealed class LtiToolHost : IAsyncDisposable
{
    /// <summary>The tool's public origin as the test browsers see it.</summary>
    public static readonly Uri ToolOrigin = new("https://localhost");

    private LtiToolHost(TestDatabase database, WireMockServer platformServer, WebApplicationFactory<Program> factory, CapturedLogs logs)
    {
        Database = database;
        PlatformServer = platformServer;
        Factory = factory;
        Logs = logs;
    }

    /// <summary>The tool's launch URL, the target_link_uri a platform sends.</summary>
    public static string LaunchUrl => new Uri(ToolOrigin, "/lti/launch").ToString();

    /// <summary>The tool's database.</summary>
    public TestDatabase Database { get; }

    /// <summary>The mock LMS on 127.0.0.1.</summary>
    public WireMockServer PlatformServer { get; }

    /// <summary>The base URL of <see cref="PlatformServer"/>, without a trailing slash.</summary>
    public string PlatformBaseUrl => PlatformServer.Url!;

    /// <summary>The application factory.</summary>
    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>Every log entry the tool wrote.</summary>
    public CapturedLogs Logs { get; }

    /// <summary>The tool's services.</summary>
    public IServiceProvider Services => Factory.Services;

    /// <summary>The platform registry.</summary>
    public PlatformRegistry Registry => Services.GetRequiredService<PlatformRegistry>();

    /// <summary>
    /// Starts the tool on a new <paramref name="provider"/> database. <paramref name="settings"/>
    /// receives the mock LMS's base URL and returns extra configuration (such as Lti:Platforms);
    /// <paramref name="beforeStart"/> receives it too, right before the host starts.
    /// </summary>
    public static async Task<LtiToolHost> StartAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        Func<string, IReadOnlyDictionary<string, string?>>? settings = null,
        Action<IWebHostBuilder>? configure = null,
        Action<string>? beforeStart = null)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        var platformServer = LoopbackWireMock.Start();
        var logs = new CapturedLogs();
        var extra = settings?.Invoke(platformServer.Url!) ?? new Dictionary<string, string?>();

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseTestDatabase(database);

            // The mock LMS speaks plain http on loopback; everything else keeps its production default.
            builder.UseSetting("Lti:RequireHttps", "false");
            foreach (var (key, value) in extra)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
            configure?.Invoke(builder);
        });

        var host = new LtiToolHost(database, platformServer, factory, logs);
        try
        {
            beforeStart?.Invoke(platformServer.Url!);

            // Starting the server runs the migrations and the start-up tasks.
            _ = factory.Server;
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a browser that keeps its own cookies and never follows redirects.</summary>
    public LtiBrowser NewBrowser() => new(Factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = ToolOrigin,
        AllowAutoRedirect = false,
        HandleCookies = false,
    }));

    /// <summary>
    /// Registers a platform whose JWKS and authorization endpoint live on the mock LMS, with one
    /// active deployment, and serves its signing key.
    /// </summary>
    public async Task<TestPlatform> RegisterPlatformAsync(
        string? issuer = null,
        string? clientId = null,
        string? deploymentId = null,
        string? kid = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var platform = new TestPlatform(
            this,
            issuer ?? $"https://lms-{id}.example.org",
            clientId ?? "client-" + id,
            deploymentId ?? "deployment-" + id,
            $"/{id}/auth",
            $"/{id}/jwks",
            new PlatformKey(kid ?? "kid-" + id));
        platform.ServeJwks(platform.Key.ToPublicJwk());
        await Registry.SaveAsync(new PlatformRegistrationRequest
        {
            Issuer = platform.Issuer,
            ClientId = platform.ClientId,
            DeploymentIds = [platform.DeploymentId],
            AuthUrl = PlatformBaseUrl + platform.AuthPath,
            TokenUrl = PlatformBaseUrl + $"/{id}/token",
            JwksUrl = PlatformBaseUrl + platform.JwksPath,
            DistrictName = "District " + id,
        }, TestContext.Current.CancellationToken);
        platform.RegistrationId = (await Registry.FindAsync(platform.Issuer, platform.ClientId, TestContext.Current.CancellationToken))!.Id;
        return platform;
    }

    /// <summary>
    /// Serves the signing key of a platform that is registered through configuration, at
    /// <paramref name="jwksPath"/> on the mock LMS, and returns it as a <see cref="TestPlatform"/>.
    /// </summary>
    public async Task<TestPlatform> AttachPlatformAsync(
        string issuer, string clientId, string deploymentId, string authPath, string jwksPath, string kid)
    {
        var platform = new TestPlatform(this, issuer, clientId, deploymentId, authPath, jwksPath, new PlatformKey(kid));
        platform.ServeJwks(platform.Key.ToPublicJwk());
        var registration = await Registry.FindAsync(issuer, clientId, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"No registration for issuer '{issuer}' and client '{clientId}'; check the Lti:Platforms settings.");
        platform.RegistrationId = registration.Id;
        return platform;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        PlatformServer.Stop();
        PlatformServer.Dispose();
        await Database.DisposeAsync();
    }
}
