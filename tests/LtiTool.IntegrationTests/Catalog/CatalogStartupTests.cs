using LtiPd.Storage;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

public sealed class CatalogStartupTests
{
    [Fact]
    public async Task Start_MissingCatalogFolder_Fails()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, TestContext.Current.CancellationToken);
        var missing = Path.Combine(Path.GetTempPath(), "ltipd-missing-catalog-" + Guid.NewGuid().ToString("N"));
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseTestDatabase(database)
            .UseSetting("Catalog:Path", missing));

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[0].Message : exception.Message;
        Assert.Contains(missing, message, StringComparison.Ordinal);
        Assert.Contains("Catalog:Path", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_VideoWithoutCaptions_Fails()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite, TestContext.Current.CancellationToken);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseTestDatabase(database)
            .UseSetting("Catalog:Path", LearnerAppFixture.CatalogPath)
            .UseSetting("Catalog:Videos:intro:Url", "https://video.example.org/embed/1"));

        var exception = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Catalog:Videos:intro:CaptionsUrl", exception.ToString(), StringComparison.Ordinal);
    }
}
