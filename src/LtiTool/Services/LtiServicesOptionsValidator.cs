using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Services;

/// <summary>Rejects service settings that cannot work, naming the setting and the fix.</summary>
public sealed class LtiServicesOptionsValidator : IValidateOptions<LtiServicesOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LtiServicesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, "AssertionBackdateSeconds", options.AssertionBackdateSeconds, 0, 60);
        Check(failures, "AssertionLifetimeSeconds", options.AssertionLifetimeSeconds, 10, 300);
        Check(failures, "TokenRefreshMarginSeconds", options.TokenRefreshMarginSeconds, 0, 600);
        Check(failures, "PollIntervalSeconds", options.PollIntervalSeconds, 1, 3600);
        Check(failures, "BatchSize", options.BatchSize, 1, 1000);
        Check(failures, "LeaseSeconds", options.LeaseSeconds, 10, 3600);
        Check(failures, "InitialRetryDelaySeconds", options.InitialRetryDelaySeconds, 1, 3600);
        Check(failures, "MaxRetryDelaySeconds", options.MaxRetryDelaySeconds, options.InitialRetryDelaySeconds, 86400);
        Check(failures, "MaxPages", options.MaxPages, 1, 10000);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string setting, int value, int minimum, int maximum)
    {
        if (value < minimum || value > maximum)
        {
            failures.Add($"LtiServices:{setting} {value} is out of range. Use a value from {minimum} to {maximum}.");
        }
    }
}
