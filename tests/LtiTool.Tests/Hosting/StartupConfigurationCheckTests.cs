using LtiPd.LtiTool.Hosting;
using LtiPd.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace LtiPd.LtiTool.Tests.Hosting;

/// <summary>
/// Invalid settings end the server and the admin commands with a message naming the setting,
/// not with a stack trace, through the same registrations as <c>Program</c>.
/// </summary>
public sealed class StartupConfigurationCheckTests
{
    [Theory]
    [InlineData("Lti:ClockSkewSeconds", "abc", "Invalid configuration: Failed to convert configuration value 'abc' at 'Lti:ClockSkewSeconds'")]
    [InlineData("Storage:Provider", "Mongo", "Invalid configuration: Failed to convert configuration value 'Mongo' at 'Storage:Provider'")]
    [InlineData("Lti:AllowedAlgorithms:0", "HS256", "Invalid configuration: Lti:AllowedAlgorithms contains 'HS256'.")]
    public void TryValidate_InvalidSetting_WritesMessageWithoutStackTrace(string key, string value, string expectedStart)
    {
        using var host = BuildHost(new() { [key] = value });
        using var error = new StringWriter();

        var valid = StartupConfigurationCheck.TryValidate(host.Services, error);

        Assert.False(valid);
        Assert.StartsWith(expectedStart, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_UnconvertibleValue_NamesFix()
    {
        using var host = BuildHost(new() { ["Lti:ClockSkewSeconds"] = "abc" });
        using var error = new StringWriter();

        StartupConfigurationCheck.TryValidate(host.Services, error);

        Assert.EndsWith("or remove the setting to use its default." + Environment.NewLine, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryValidate_UnknownEnumValue_ListsNames()
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "Oracle" });
        using var error = new StringWriter();

        StartupConfigurationCheck.TryValidate(host.Services, error);

        Assert.Equal(
            "Invalid configuration: Failed to convert configuration value 'Oracle' at 'Storage:Provider' to type 'LtiPd.Storage.DatabaseProvider'. "
            + "Use one of: Sqlite, PostgreSql, SqlServer. Correct the value in appsettings.json or the environment variable, or remove the setting to use its default."
            + Environment.NewLine,
            error.ToString());
    }

    [Fact]
    public void Describe_SameFailureTwice_ReturnsOneMessage()
    {
        var failure = new Microsoft.Extensions.Options.OptionsValidationException("", typeof(object), ["Lti:PublicBaseUrl 'x' is invalid."]);

        var messages = StartupConfigurationCheck.Describe(new AggregateException(failure, failure));

        Assert.Equal(["Invalid configuration: Lti:PublicBaseUrl 'x' is invalid."], messages);
    }

    [Fact]
    public void TryValidate_DefaultSettings_ReturnsTrue()
    {
        using var host = BuildHost([]);
        using var error = new StringWriter();

        var valid = StartupConfigurationCheck.TryValidate(host.Services, error);

        Assert.True(valid);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public void Describe_OtherException_ReturnsNothing()
    {
        var messages = StartupConfigurationCheck.Describe(new AggregateException(
            new Microsoft.Extensions.Options.OptionsValidationException("x", typeof(object), ["x is invalid."]),
            new InvalidOperationException("The database is locked.")));

        Assert.Empty(messages);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLtiPdStorage();
        builder.Services.AddLtiTool();
        return builder.Build();
    }
}
