using System.Collections.Concurrent;
using LtiPd.LtiTool.IntegrationTests.Catalog;
using LtiPd.Storage;

namespace LtiPd.LtiTool.IntegrationTests.Review;

/// <summary>One app per database provider, each started on first use and shared by the class's tests.</summary>
public sealed class ReviewApps : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<LearnerAppFixture>>> _apps = new();

    public Task<LearnerAppFixture> ForAsync(DatabaseProvider provider) =>
        _apps.GetOrAdd(provider, key => new Lazy<Task<LearnerAppFixture>>(() => StartAsync(key))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await (await app.Value).DisposeAsync();
        }
    }

    private static async Task<LearnerAppFixture> StartAsync(DatabaseProvider provider)
    {
        var app = new LearnerAppFixture { Provider = provider };
        await app.InitializeAsync();
        return app;
    }
}
