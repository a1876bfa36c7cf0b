using LtiPd.XapiBridge.Lrs;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class LrsOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new LrsOptionsValidator().Validate(null, new LrsOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("district:key", "a-long-enough-secret", "all", "district-a", "Lrs:Credentials:0:Key")]
    [InlineData("key", "short", "all", "district-a", "Lrs:Credentials:0:Secret")]
    [InlineData("key", "a-long-enough-secret", "statements/delete", "district-a", "Lrs:Credentials:0:Scopes")]
    [InlineData("key", "a-long-enough-secret", "all", "", "Lrs:Credentials:0:Tenant")]
    public void Validate_InvalidCredential_FailsNamingTheSetting(string key, string secret, string scope, string tenant, string setting)
    {
        var options = new LrsOptions();
        var credential = new LrsCredentialOptions { Key = key, Secret = secret, Tenant = tenant };
        credential.Scopes.Add(scope);
        options.Credentials.Add(credential);

        var result = new LrsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DuplicateKeyAndBadLimits_ListsEach()
    {
        var options = new LrsOptions { MaxStatementsPerBatch = 0, DefaultResponseVersion = "1.0.2" };
        foreach (var tenant in new[] { "district-a", "district-b" })
        {
            var credential = new LrsCredentialOptions { Key = "shared", Secret = "a-long-enough-secret", Tenant = tenant };
            credential.Scopes.Add("all");
            options.Credentials.Add(credential);
        }

        var failures = new LrsOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, failure => failure.StartsWith("Lrs:MaxStatementsPerBatch", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Lrs:DefaultResponseVersion", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Lrs:Credentials:1:Key", StringComparison.Ordinal));
    }
}
