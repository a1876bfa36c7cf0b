using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Jwks;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>Two-phase rotation of the tool's signing keys, on a SQLite file and a fake clock.</summary>
public sealed class ToolKeyStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
    private readonly LtiOptions _options = new() { KeyPublishMinutes = 1440 };
    private TestDatabase? _database;

    private TestDatabase Database => _database!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(
            DatabaseProvider.Sqlite,
            [typeof(ToolKeyStore).Assembly, typeof(Database).Assembly],
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rotate_First_PublishesNextBeforeSwitch()
    {
        var store = CreateStore();
        var current = await EnsureCurrentAsync(store);

        var result = await store.RotateAsync(force: false, TestContext.Current.CancellationToken);

        Assert.Equal(KeyRotationStep.NextKeyPublished, result.Step);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(1440), result.ActivateAfter);
        Assert.Equal([current, result.KeyId], await PublishedKidsAsync(store));
        Assert.Equal(current, (await SigningCredentialsAsync(store)).Key.KeyId);
    }

    [Fact]
    public async Task Rotate_BeforePublishMinutes_Waits()
    {
        var store = CreateStore();
        var current = await EnsureCurrentAsync(store);
        var next = await store.RotateAsync(force: false, TestContext.Current.CancellationToken);

        _clock.Advance(TimeSpan.FromMinutes(1439));
        var result = await store.RotateAsync(force: false, TestContext.Current.CancellationToken);

        Assert.Equal(KeyRotationStep.Waiting, result.Step);
        Assert.Equal(next.KeyId, result.KeyId);
        Assert.Equal(next.ActivateAfter, result.ActivateAfter);
        Assert.Equal(current, (await SigningCredentialsAsync(store)).Key.KeyId);
    }

    [Fact]
    public async Task Rotate_AfterPublishMinutes_ActivatesAndKeepsRetiredForGrace()
    {
        var store = CreateStore();
        var old = await EnsureCurrentAsync(store);
        var next = await store.RotateAsync(force: false, TestContext.Current.CancellationToken);
        Assert.Equal(old, (await SigningCredentialsAsync(store)).Key.KeyId);

        _clock.Advance(TimeSpan.FromMinutes(1440));
        var result = await store.RotateAsync(force: false, TestContext.Current.CancellationToken);

        Assert.Equal(KeyRotationStep.Activated, result.Step);
        Assert.Equal(next.KeyId, (await SigningCredentialsAsync(store)).Key.KeyId);
        Assert.Equal([old, next.KeyId], await PublishedKidsAsync(store));

        _clock.Advance(ToolKeyStore.RetiredKeyGrace - TimeSpan.FromMinutes(1));
        Assert.Equal([old, next.KeyId], await PublishedKidsAsync(store));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([next.KeyId], await PublishedKidsAsync(store));
    }

    [Fact]
    public async Task Rotate_Now_ActivatesWithoutWaiting()
    {
        var store = CreateStore();
        var old = await EnsureCurrentAsync(store);
        var next = await store.RotateAsync(force: false, TestContext.Current.CancellationToken);

        var result = await store.RotateAsync(force: true, TestContext.Current.CancellationToken);
        var keys = await store.ListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(KeyRotationStep.Activated, result.Step);
        Assert.Equal(next.KeyId, result.KeyId);
        Assert.Equal(ToolKeyStatus.Retired, keys.Single(key => key.KeyId == old).Status);
        Assert.Equal(ToolKeyStatus.Current, keys.Single(key => key.KeyId == next.KeyId).Status);
    }

    [Fact]
    public async Task EnsureCurrentKey_Twice_OneKey()
    {
        var store = CreateStore();

        await store.EnsureCurrentKeyAsync(TestContext.Current.CancellationToken);
        await CreateStore().EnsureCurrentKeyAsync(TestContext.Current.CancellationToken);

        Assert.Single(await store.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SigningKey_SignsTokensThePublishedKeyVerifies()
    {
        var store = CreateStore();
        await EnsureCurrentAsync(store);
        var credentials = await SigningCredentialsAsync(store);
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(new SecurityTokenDescriptor { Issuer = "tool", SigningCredentials = credentials });

        var published = await store.GetPublishedKeysAsync(TestContext.Current.CancellationToken);
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = published,
            ValidIssuer = "tool",
            ValidateAudience = false,
            ValidateLifetime = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task StoredPrivateKey_Encrypted()
    {
        var store = CreateStore();
        await EnsureCurrentAsync(store);
        await using var connection = await Database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var stored = await connection.QuerySingleAsync<string>("SELECT protected_private_key FROM tool_keys");

        Assert.ThrowsAny<Exception>(() =>
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(stored), out _);
        });
    }

    [Fact]
    public async Task JwksEndpoint_CurrentAndNext_PublicMembersOnly()
    {
        await using var host = await LtiToolHost.StartAsync();
        var store = host.Services.GetRequiredService<ToolKeyStore>();
        var next = await store.RotateAsync(force: false, TestContext.Current.CancellationToken);
        using var browser = host.NewBrowser();

        using var response = await browser.GetAsync("/.well-known/jwks.json");
        using var jwks = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=300", response.Headers.CacheControl!.ToString());
        Assert.Equal(2, keys.Count);
        Assert.Contains(keys, key => key.GetProperty("kid").GetString() == next.KeyId);
        Assert.All(keys, key =>
        {
            Assert.Equal(["alg", "e", "kid", "kty", "n", "use"], key.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal));
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.Equal("RS256", key.GetProperty("alg").GetString());
        });
    }

    private ToolKeyStore CreateStore() => new(
        Database.Database,
        new EphemeralDataProtectionProvider(),
        new FixedOptionsMonitor<LtiOptions>(_options),
        _clock,
        NullLogger<ToolKeyStore>.Instance);

    private static async Task<string> EnsureCurrentAsync(ToolKeyStore store)
    {
        await store.EnsureCurrentKeyAsync(TestContext.Current.CancellationToken);
        return (await store.ListAsync(TestContext.Current.CancellationToken)).Single(key => key.Status == ToolKeyStatus.Current).KeyId;
    }

    private static Task<SigningCredentials> SigningCredentialsAsync(ToolKeyStore store) =>
        store.GetSigningCredentialsAsync(TestContext.Current.CancellationToken);

    private static async Task<List<string>> PublishedKidsAsync(ToolKeyStore store) =>
        (await store.GetPublishedKeysAsync(TestContext.Current.CancellationToken)).Select(key => key.Kid).ToList();
}
