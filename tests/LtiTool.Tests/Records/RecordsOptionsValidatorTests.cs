using LtiPd.LtiTool.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Tests.Records;

public sealed class RecordsOptionsValidatorTests
{
    [Theory]
    [InlineData("Everything")]
    [InlineData("7")]
    public void Start_InvalidVerificationName_Rejected(string value)
    {
        using var services = Build(value);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RecordsOptions>>().Value);

        Assert.Equal(
            $"Records:Districts:d-1:VerificationName '{value}' is invalid. Use Initials, Full or Hidden.",
            Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("Full", VerificationNameDisplay.Full)]
    [InlineData("hidden", VerificationNameDisplay.Hidden)]
    public void Start_ValidVerificationName_Bound(string value, VerificationNameDisplay expected)
    {
        using var services = Build(value);

        var options = services.GetRequiredService<IOptions<RecordsOptions>>().Value;

        Assert.Equal(expected, options.For("d-1").VerificationName);
    }

    private static ServiceProvider Build(string verificationName)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Records:Districts:d-1:VerificationName"] = verificationName })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRecords();
        return services.BuildServiceProvider();
    }
}
