using Dapper;
using LtiPd.Storage;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Tests.Forwarding;

public sealed class ForwardingRegistrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ltipd-registration-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private IHost BuildHost(string environment, Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(_folder);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, ContentRootPath = _folder });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddLtiPdStorage();
        builder.Services.AddXapiBridgeForwarding();
        return builder.Build();
    }

    [Fact]
    public async Task AddXapiBridgeForwarding_Configured_ResolvesServicesAndMigratesOutbox()
    {
        using var host = BuildHost(Environments.Production, new()
        {
            ["XapiBridge:Forwarding:Districts:district-1:Endpoint"] = "https://lrs.district.example/xapi/",
            ["XapiBridge:Forwarding:Districts:district-1:Username"] = "key",
            ["XapiBridge:Forwarding:Districts:district-1:Password"] = "secret",
            ["XapiBridge:Forwarding:Districts:district-1:Version"] = "V2",
        });

        var options = host.Services.GetRequiredService<IOptions<XapiForwardingOptions>>().Value;
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(TestContext.Current.CancellationToken);
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync(TestContext.Current.CancellationToken);
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM xapi_outbox");

        Assert.Equal(XapiVersion.V2, options.Districts["district-1"].Version);
        Assert.NotNull(host.Services.GetRequiredService<StatementValidator>());
        Assert.NotNull(host.Services.GetRequiredService<XapiOutbox>());
        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is OutboxDeliveryWorker);
        Assert.Equal(0, count);
    }

    [Fact]
    public void AddXapiBridgeForwarding_HttpEndpointInProduction_FailsValidation()
    {
        using var host = BuildHost(Environments.Production, new()
        {
            ["XapiBridge:Forwarding:Districts:district-1:Endpoint"] = "http://lrs.district.example/xapi/",
        });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<XapiForwardingOptions>>().Value);

        Assert.Contains("XapiBridge:Forwarding:Districts:district-1:Endpoint 'http://lrs.district.example/xapi/' is not HTTPS", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BatchSize", "0", "BatchSize 0 is out of range")]
    [InlineData("LeaseDuration", "00:01:00", "LeaseDuration 00:01:00 must be at least four times RequestTimeout")]
    [InlineData("InitialRetryDelay", "01:00:00", "are inconsistent")]
    public void XapiForwardingOptionsValidator_BadSetting_NamesIt(string setting, string value, string expected)
    {
        using var host = BuildHost(Environments.Development, new() { [$"XapiBridge:Forwarding:{setting}"] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<XapiForwardingOptions>>().Value);

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void XapiForwardingOptionsValidator_UsernameWithoutPassword_Fails()
    {
        var options = new XapiForwardingOptions();
        options.Districts["d"] = new DistrictLrsOptions { Endpoint = new Uri("https://lrs.example.org/xapi/"), Username = "key" };

        var result = new XapiForwardingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Username and Password must be set together", result.FailureMessage, StringComparison.Ordinal);
    }
}
