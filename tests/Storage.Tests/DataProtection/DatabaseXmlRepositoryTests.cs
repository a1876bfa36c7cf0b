using System.Xml.Linq;
using LtiPd.Storage.DataProtection;
using LtiPd.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LtiPd.Storage.Tests.DataProtection;

public sealed class DatabaseXmlRepositoryTests
{
    [Theory]
    [DatabaseData]
    public async Task GetAllElements_EmptyTable_ReturnsNoElements(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(DatabaseXmlRepository).Assembly], TestContext.Current.CancellationToken);
        var repository = new DatabaseXmlRepository(database.Database, new FakeTimeProvider());

        var elements = repository.GetAllElements();

        Assert.Empty(elements);
    }

    [Theory]
    [DatabaseData]
    public async Task StoreElement_TwoKeys_ReturnsBothInCreationOrder(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, [typeof(DatabaseXmlRepository).Assembly], TestContext.Current.CancellationToken);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
        var repository = new DatabaseXmlRepository(database.Database, clock);
        var older = new XElement("key", new XAttribute("id", "b-older"), new XElement("value", "first & <escaped>"));
        var newer = new XElement("key", new XAttribute("id", "a-newer"), new XElement("value", new string('x', 5000)));

        repository.StoreElement(older, "key-b-older");
        clock.Advance(TimeSpan.FromDays(90));
        repository.StoreElement(newer, "key-a-newer");
        var elements = repository.GetAllElements().ToList();

        Assert.Equal(2, elements.Count);
        Assert.True(XNode.DeepEquals(older, elements[0]));
        Assert.True(XNode.DeepEquals(newer, elements[1]));
    }

    [Theory]
    [DatabaseData]
    public async Task TwoHosts_SameDatabase_ShareDataProtectionKeys(DatabaseProvider provider)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateEmptyAsync(provider, cancellationToken);
        using var firstHost = await StartHostAsync(database, cancellationToken);
        using var secondHost = await StartHostAsync(database, cancellationToken);
        var firstProtector = firstHost.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests");
        var secondProtector = secondHost.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests");

        var protectedByFirst = firstProtector.Protect("state-cookie-payload");
        var unprotectedBySecond = secondProtector.Unprotect(protectedByFirst);
        var protectedBySecond = secondProtector.Protect("second-payload");

        Assert.Equal("state-cookie-payload", unprotectedBySecond);
        Assert.Equal("second-payload", firstProtector.Unprotect(protectedBySecond));
        Assert.Single(new DatabaseXmlRepository(database.Database, TimeProvider.System).GetAllElements());

        await secondHost.StopAsync(cancellationToken);
        await firstHost.StopAsync(cancellationToken);
    }

    private static async Task<IHost> StartHostAsync(TestDatabase database, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
            ContentRootPath = Path.GetTempPath(),
        });
        builder.Configuration.AddInMemoryCollection(database.ToStorageSettings());
        builder.Logging.AddTestOutput();
        builder.Services.AddLtiPdStorage();

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}
