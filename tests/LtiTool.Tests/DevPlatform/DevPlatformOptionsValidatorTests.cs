using LtiPd.LtiTool.DevPlatform;

namespace LtiPd.LtiTool.Tests.DevPlatform;

public sealed class DevPlatformOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new DevPlatformOptionsValidator().Validate(null, new DevPlatformOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("Issuer", "localhost:5000/devlms", "DevPlatform:Issuer 'localhost:5000/devlms' is not an absolute http(s) URL")]
    [InlineData("Issuer", "ftp://localhost/devlms", "DevPlatform:Issuer 'ftp://localhost/devlms' is not an absolute http(s) URL")]
    [InlineData("ClientId", "", "DevPlatform:ClientId '' is invalid")]
    [InlineData("DeploymentId", " ", "DevPlatform:DeploymentId ' ' is invalid")]
    [InlineData("IdTokenLifetimeSeconds", "5", "DevPlatform:IdTokenLifetimeSeconds 5 is out of range")]
    [InlineData("AccessTokenLifetimeSeconds", "100000", "DevPlatform:AccessTokenLifetimeSeconds 100000 is out of range")]
    public void Validate_InvalidSetting_FailsNamingIt(string setting, string value, string expectedMessage)
    {
        var options = new DevPlatformOptions();
        var property = typeof(DevPlatformOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var result = new DevPlatformOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(expectedMessage, StringComparison.Ordinal));
    }
}
