using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs.Credentials;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class CredentialServiceTests
{
    private const string Secret = "correct-horse-battery-staple";

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task AddAuthenticateRemove_RoundTrip(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var service = new LrsCredentialService(new CredentialRepository(database.Database), new FakeTimeProvider());
        var key = "key-" + Guid.NewGuid().ToString("N")[..8];
        var token = TestContext.Current.CancellationToken;

        var added = await service.AddAsync(key, Secret, ["statements/write statements/read/mine"], "district-a", token);
        var accepted = await service.AuthenticateAsync(key, Secret, token);
        var rejected = await service.AuthenticateAsync(key, Secret + "x", token);
        var listed = await service.ListAsync(token);
        var removed = await service.RemoveAsync(key, token);
        var afterRemoval = await service.AuthenticateAsync(key, Secret, token);

        Assert.True(added.Succeeded);
        Assert.Equal(LrsScopes.StatementsWrite | LrsScopes.StatementsReadMine, accepted?.Scopes);
        Assert.Equal("district-a", accepted?.Tenant);
        Assert.Null(rejected);
        Assert.Contains(listed, credential => credential.Key == key);
        Assert.True(removed);
        Assert.Null(afterRemoval);
    }

    [Theory]
    [MemberData(nameof(LrsTestDatabase.Providers), MemberType = typeof(LrsTestDatabase))]
    public async Task Add_Secret_StoredOnlyAsHash(DatabaseProvider provider)
    {
        await using var database = await LrsTestDatabase.CreateAsync(provider);
        var service = new LrsCredentialService(new CredentialRepository(database.Database), new FakeTimeProvider());
        var key = "key-" + Guid.NewGuid().ToString("N")[..8];

        await service.AddAsync(key, Secret, ["all"], "district-a", TestContext.Current.CancellationToken);

        await using var connection = await database.Database.OpenAsync(TestContext.Current.CancellationToken);
        var stored = await connection.ExecuteScalarAsync<string>("SELECT secret_hash FROM lrs_credentials WHERE credential_key = @key", new { key });
        Assert.StartsWith("pbkdf2-sha256$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad:key", Secret, "all", "district-a", "Key")]
    [InlineData("key", "short", "all", "district-a", "Secret")]
    [InlineData("key", Secret, "statements/delete", "district-a", "Scopes")]
    [InlineData("key", Secret, "", "district-a", "Scopes")]
    [InlineData("key", Secret, "all", "", "Tenant")]
    public async Task Add_InvalidArgument_RejectedNamingTheField(string key, string secret, string scopes, string tenant, string field)
    {
        await using var database = await LrsTestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var service = new LrsCredentialService(new CredentialRepository(database.Database), new FakeTimeProvider());

        var result = await service.AddAsync(key, secret, [scopes], tenant, TestContext.Current.CancellationToken);

        Assert.Equal(400, result.Error?.Status);
        Assert.Equal(field, result.Error?.Field);
        Assert.Empty(await service.ListAsync(TestContext.Current.CancellationToken));
    }
}
