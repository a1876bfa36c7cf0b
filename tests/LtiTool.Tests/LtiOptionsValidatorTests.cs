using LtiPd.LtiTool.Platforms;

namespace LtiPd.LtiTool.Tests;

public sealed class LtiOptionsValidatorTests
{
    private static PlatformOptions ValidPlatform => new()
    {
        Issuer = "https://canvas.instructure.com",
        ClientId = "10000000000123",
        AuthUrl = "https://sso.canvaslms.com/api/lti/authorize_redirect",
        TokenUrl = "https://district.instructure.com/login/oauth2/token",
        JwksUrl = "https://sso.canvaslms.com/api/lti/security/jwks",
    };

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new LtiOptionsValidator().Validate(null, new LtiOptions { Platforms = [ValidPlatform] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://pd.example.org", "Lti:PublicBaseUrl 'http://pd.example.org' is invalid. Use the tool's absolute https URL")]
    [InlineData("pd.example.org", "Lti:PublicBaseUrl 'pd.example.org' is invalid.")]
    public void Validate_PublicBaseUrl_NamesValue(string baseUrl, string expected)
    {
        var message = SingleFailure(new LtiOptions { PublicBaseUrl = baseUrl });

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpBaseUrlInDevelopment_Succeeds()
    {
        var result = new LtiOptionsValidator().Validate(null, new LtiOptions { PublicBaseUrl = "http://localhost:5000", RequireHttps = false });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string, Action<LtiOptions>, string> OutOfRange => new()
    {
        { "ClockSkewSeconds", options => options.ClockSkewSeconds = 301, "Lti:ClockSkewSeconds 301 is out of range. Use 0 to 300 seconds." },
        { "ClockSkewSeconds", options => options.ClockSkewSeconds = -1, "Lti:ClockSkewSeconds -1 is out of range. Use 0 to 300 seconds." },
        { "LoginLifetimeSeconds", options => options.LoginLifetimeSeconds = 10, "Lti:LoginLifetimeSeconds 10 is out of range. Use 30 to 3600 seconds." },
        { "SessionLifetimeMinutes", options => options.SessionLifetimeMinutes = 2000, "Lti:SessionLifetimeMinutes 2000 is out of range. Use 5 to 1440 minutes." },
        { "MinimumRsaKeySize", options => options.MinimumRsaKeySize = 1024, "Lti:MinimumRsaKeySize 1024 is too small. Use 2048 or more bits." },
        { "AllowedAlgorithms", options => options.AllowedAlgorithms = ["RS256", "HS256", "none"], "Lti:AllowedAlgorithms contains 'HS256, none'." },
        { "AllowedAlgorithms", options => options.AllowedAlgorithms = [], "Lti:AllowedAlgorithms is empty, so no launch could be accepted." },
        { "JwksRefetchIntervalSeconds", options => options.JwksRefetchIntervalSeconds = 0, "Lti:JwksRefetchIntervalSeconds 0 is out of range. Use 1 to 3600 seconds." },
        { "JwksCacheSeconds", options => options.JwksCacheSeconds = -5, "Lti:JwksCacheSeconds -5 is out of range. Use 60 to 86400 seconds." },
        { "JwksTimeoutSeconds", options => options.JwksTimeoutSeconds = 600, "Lti:JwksTimeoutSeconds 600 is out of range. Use 3 to 120 seconds." },
        { "NonceRetentionSeconds", options => options.NonceRetentionSeconds = -1, "Lti:NonceRetentionSeconds -1 is out of range. Use 0 to 604800 seconds (a week)." },
        { "KeyPublishMinutes", options => options.KeyPublishMinutes = -1, "Lti:KeyPublishMinutes -1 is out of range. Use 0 to 43200 minutes (30 days)." },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Validate_SettingOutOfRange_MessageNamesSettingAndRange(string setting, Action<LtiOptions> change, string expected)
    {
        var options = new LtiOptions();
        change(options);

        var message = SingleFailure(options);

        Assert.StartsWith($"Lti:{setting} ", message, StringComparison.Ordinal);
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlatformIncomplete_NamesEachField()
    {
        var options = new LtiOptions
        {
            Platforms =
            [
                ValidPlatform,
                new PlatformOptions { AuthUrl = "ftp://lms.example.org/auth", TokenUrl = "http://lms.example.org/token", JwksUrl = "" },
            ],
        };

        var failures = new LtiOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(5, failures.Count);
        Assert.Contains("Lti:Platforms:1:Issuer is missing. Set it to the platform's issuer URL.", failures);
        Assert.Contains("Lti:Platforms:1:ClientId is missing. Copy the client id the LMS assigned to the tool.", failures);
        Assert.Contains(failures, failure => failure.StartsWith("Lti:Platforms:1:AuthUrl 'ftp://lms.example.org/auth' is not an absolute http(s) URL.", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Lti:Platforms:1:TokenUrl 'http://lms.example.org/token' must use https", StringComparison.Ordinal));
        Assert.Contains(failures, failure => failure.StartsWith("Lti:Platforms:1:JwksUrl '' is missing.", StringComparison.Ordinal));
    }

    private static string SingleFailure(LtiOptions options)
    {
        var result = new LtiOptionsValidator().Validate(null, options);
        Assert.True(result.Failed, "Expected the options to be rejected.");
        return Assert.Single(result.Failures!);
    }
}
