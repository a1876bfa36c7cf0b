using System.Net;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.LtiTool.IntegrationTests.Registration;

/// <summary>
/// The registry keeps registrations and active deployment states for <see cref="RegistryCache.Lifetime"/>.
/// A change is seen at once on the node that made it and within that bound on every other node.
/// </summary>
public sealed class RegistryCacheTests
{
    [Theory]
    [DatabaseData]
    public async Task Remove_OnThisNode_RejectsNextLoginAndLaunchAtOnce(DatabaseProvider provider)
    {
        await using var host = await LtiToolHost.StartAsync(provider);
        var platform = await host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(host, platform);
        using (var warm = await attempt.LaunchAsync())
        {
            Assert.Equal(HttpStatusCode.SeeOther, warm.StatusCode);
        }

        var loginBeforeRemoval = await attempt.Browser.LoginAsync(platform.Login());

        Assert.True(await host.Registry.RemoveAsync(platform.RegistrationId, TestContext.Current.CancellationToken));
        using var launch = await attempt.LaunchAsync(loginBeforeRemoval);
        using var login = await attempt.Browser.SendLoginAsync(platform.Login(), HttpMethod.Get);

        Assert.Equal("state_unknown", launch.Headers.GetValues("X-LtiPd-Reason").Single());
        Assert.Equal("unknown_platform", login.Headers.GetValues("X-LtiPd-Reason").Single());
    }

    [Theory]
    [DatabaseData]
    public async Task Remove_OnThisNode_ForgetsRegistrationAndDeployment(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateDatabaseAsync(provider, cancellationToken);
        var node = new PlatformRegistry(database.Database, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var saved = await node.SaveAsync(Request("same-node"), cancellationToken);
        await ReadAllAsync(node, saved, cancellationToken);

        await node.RemoveAsync(saved.Id, cancellationToken);

        Assert.Null(await node.FindAsync(saved.Issuer, saved.ClientId, cancellationToken));
        Assert.Null(await node.FindByIdAsync(saved.Id, cancellationToken));
        Assert.Null(await node.GetDeploymentStatusAsync(saved.Id, "deployment-1", cancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task Remove_OnOtherNode_SeenWithinLifetime(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateDatabaseAsync(provider, cancellationToken);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var otherDatabase = database.CreateSecondDatabase();
        var thisNode = new PlatformRegistry(database.Database, clock);
        var otherNode = new PlatformRegistry(otherDatabase, clock);
        var saved = await otherNode.SaveAsync(Request("other-node"), cancellationToken);
        await ReadAllAsync(thisNode, saved, cancellationToken);

        await otherNode.RemoveAsync(saved.Id, cancellationToken);
        var registrationWithinBound = await thisNode.FindAsync(saved.Issuer, saved.ClientId, cancellationToken);
        clock.Advance(RegistryCache.Lifetime);

        // The removal is not seen before the bound (the documented staleness), and is seen after it.
        Assert.NotNull(registrationWithinBound);
        Assert.Null(await thisNode.FindAsync(saved.Issuer, saved.ClientId, cancellationToken));
        Assert.Null(await thisNode.FindByIdAsync(saved.Id, cancellationToken));
        Assert.Null(await thisNode.GetDeploymentStatusAsync(saved.Id, "deployment-1", cancellationToken));
    }

    [Theory]
    [DatabaseData]
    public async Task Approve_PendingDeployment_SeenAtOnceOnOtherNode(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await CreateDatabaseAsync(provider, cancellationToken);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var otherDatabase = database.CreateSecondDatabase();
        var thisNode = new PlatformRegistry(database.Database, clock);
        var otherNode = new PlatformRegistry(otherDatabase, clock);
        var saved = await otherNode.SaveAsync(Request("approve"), cancellationToken);
        await thisNode.RecordPendingDeploymentAsync(saved.Id, "deployment-new", cancellationToken);
        var pending = await thisNode.GetDeploymentStatusAsync(saved.Id, "deployment-new", cancellationToken);

        await otherNode.ApproveDeploymentAsync(saved.Id, "deployment-new", cancellationToken);

        Assert.Equal(DeploymentStatus.Pending, pending);
        Assert.Equal(DeploymentStatus.Active, await thisNode.GetDeploymentStatusAsync(saved.Id, "deployment-new", cancellationToken));
    }

    [Fact]
    public async Task GetOrLoadAsync_ClearedDuringLoad_NotKept()
    {
        var cache = new RegistryCache(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var loaded = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);

        var load = cache.GetOrLoadAsync("key|a", () => loaded.Task);
        cache.Clear();
        loaded.SetResult("read before the clear");
        var value = await load;

        Assert.Equal("read before the clear", value);
        Assert.False(cache.TryGet("key|a", out string? _));
    }

    [Fact]
    public async Task GetOrLoadAsync_ConcurrentClears_NoStaleValue()
    {
        var cache = new RegistryCache(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var version = 0;

        // Each clear follows a write of a new version, as the registry's writes do. A reader that
        // loaded an older version must not leave it in the cache after the clear.
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var round = 0; round < 2_000; round++)
            {
                await cache.GetOrLoadAsync("key|a", async () =>
                {
                    var read = Volatile.Read(ref version);
                    await Task.Yield();
                    return read.ToString(System.Globalization.CultureInfo.InvariantCulture);
                });
            }
        }, TestContext.Current.CancellationToken)).ToList();
        var stale = 0;
        for (var write = 1; write <= 500; write++)
        {
            Interlocked.Exchange(ref version, write);
            cache.Clear();
            if (cache.TryGet("key|a", out string? cached) && int.Parse(cached!, System.Globalization.CultureInfo.InvariantCulture) < write)
            {
                stale++;
            }

            await Task.Yield();
        }

        await Task.WhenAll(readers);

        Assert.Equal(0, stale);
    }

    private static async Task ReadAllAsync(PlatformRegistry registry, PlatformRegistration saved, CancellationToken cancellationToken)
    {
        Assert.NotNull(await registry.FindAsync(saved.Issuer, saved.ClientId, cancellationToken));
        Assert.NotNull(await registry.FindByIdAsync(saved.Id, cancellationToken));
        Assert.Equal(DeploymentStatus.Active, await registry.GetDeploymentStatusAsync(saved.Id, "deployment-1", cancellationToken));
    }

    private static Task<TestDatabase> CreateDatabaseAsync(DatabaseProvider provider, CancellationToken cancellationToken) =>
        TestDatabase.CreateAsync(provider, [typeof(PlatformRegistry).Assembly, typeof(Database).Assembly], cancellationToken);

    private static PlatformRegistrationRequest Request(string name) => new()
    {
        Issuer = $"https://{name}-{Guid.NewGuid():N}.example.org",
        ClientId = name,
        DeploymentIds = ["deployment-1"],
        AuthUrl = "https://lms.example.org/auth",
        TokenUrl = "https://lms.example.org/token",
        JwksUrl = "https://lms.example.org/jwks",
        DistrictName = name,
        Source = "test",
    };
}
