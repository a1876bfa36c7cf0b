using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace LtiPd.LtiTool.IntegrationTests.Analytics;

/// <summary>
/// The tool on a fresh database of one provider with the test catalog. The gamification worker is
/// removed, so the only award statements are the ones a test stores, and the background
/// projection is slowed to once an hour, so each dashboard request does the projecting.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private DashboardHost(TestDatabase database, WebApplicationFactory<Program> factory)
    {
        _database = database;
        Factory = factory;
        Client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public WebApplicationFactory<Program> Factory { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => Factory.Services;

    public static async Task<DashboardHost> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateEmptyAsync(provider, TestContext.Current.CancellationToken);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseTestDatabase(database)
            .UseSetting("Catalog:Path", LearnerAppFixture.CatalogPath)
            .UseSetting("Analytics:ProjectionIntervalSeconds", "3600")
            .UseSetting("Analytics:ProjectionBatchSize", "100")
            .ConfigureTestServices(services =>
            {
                var worker = services.Single(descriptor => descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType?.Name == "GamificationWorker");
                services.Remove(worker);
            })
            .ConfigureLogging(logging => logging.AddTestOutput()));
        _ = factory.Server;
        return new DashboardHost(database, factory);
    }

    /// <summary>Requests <paramref name="path"/> as the person signed in with <paramref name="sessionId"/>.</summary>
    public async Task<HttpResponseMessage> GetAsync(string sessionId, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", $"{SessionCookies.SessionCookieName}={sessionId}");
        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.InternalServerError)
        {
            // The Development host returns the exception page, whose text explains the failure.
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine(body.Length > 4000 ? body[..4000] : body);
        }

        return response;
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new HtmlParser().ParseDocument(html);
    }

    /// <summary>Returns the body rows of a chart's data table as cell texts, row header first.</summary>
    public static List<string[]> TableRows(IHtmlDocument page, string chart) =>
        page.QuerySelectorAll($"table[data-testid=table-{chart}] tbody tr")
            .Select(row => row.Children.Select(cell => cell.TextContent.Trim()).ToArray())
            .ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
