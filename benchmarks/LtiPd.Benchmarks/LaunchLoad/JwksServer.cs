using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LtiPd.Benchmarks.LaunchLoad;

/// <summary>
/// The simulated platform's JWKS endpoint: a Kestrel server on 127.0.0.1 with a free port. The
/// tool fetches it once and then serves every launch from its cache.
/// </summary>
internal sealed class JwksServer : IAsyncDisposable
{
    public const string JwksPath = "/api/lti/security/jwks";

    private readonly WebApplication _app;

    private JwksServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's origin, such as <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<JwksServer> StartAsync(string jwksJson, CancellationToken cancellationToken)
    {
        // Configuration files are not reloaded, so no watcher runs. A watcher on the working
        // folder woke the load generator for every file another process wrote under it.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet(JwksPath, () => Results.Text(jwksJson, "application/json"));
        await app.StartAsync(cancellationToken);
        return new JwksServer(app, app.Urls.Single());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
