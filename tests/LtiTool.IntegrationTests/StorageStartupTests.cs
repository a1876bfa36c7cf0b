using System.Net;
using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LtiPd.LtiTool.IntegrationTests;

public sealed class StorageStartupTests
{
    [Theory]
    [DatabaseData]
    public async Task Start_EachProvider_MigratesAndServesHealth(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        await using var factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(builder => builder.UseTestDatabase(database));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"ok\"}", await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.Contains(
            $"LtiPd.Storage.Migrations.{provider}.0001_data_protection_keys.sql",
            await database.AppliedScriptsAsync(cancellationToken));
        Assert.Equal(provider, factory.Services.GetRequiredService<Database>().Provider);
    }
}
