using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>Rejects forwarding settings that cannot work, naming the setting and the fix.</summary>
public sealed class XapiForwardingOptionsValidator : IValidateOptions<XapiForwardingOptions>
{
    private readonly IHostEnvironment? _environment;

    /// <summary>Creates the validator; outside Development it requires HTTPS endpoints.</summary>
    public XapiForwardingOptionsValidator(IHostEnvironment? environment = null)
    {
        _environment = environment;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, XapiForwardingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = XapiForwardingOptions.SectionName;
        var failures = new List<string>();

        if (options.BatchSize is < 1 or > 500)
        {
            failures.Add($"{Section}:BatchSize {options.BatchSize} is out of range. Use 1 to 500 statements.");
        }

        if (options.InitialRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add($"{Section}:InitialRetryDelay {options.InitialRetryDelay} and MaxRetryDelay {options.MaxRetryDelay} are inconsistent. Use a positive initial delay no longer than the maximum.");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:PollInterval {options.PollInterval} must be positive.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.LeaseDuration < options.RequestTimeout * 4)
        {
            failures.Add($"{Section}:LeaseDuration {options.LeaseDuration} must be at least four times RequestTimeout {options.RequestTimeout}, so a lease outlives a batch and its splits.");
        }

        var requireHttps = _environment is null || !_environment.IsDevelopment();
        foreach (var (districtId, district) in options.Districts)
        {
            var prefix = $"{Section}:Districts:{districtId}";
            if (!district.Enabled)
            {
                continue;
            }

            if (district.Endpoint is null || !district.Endpoint.IsAbsoluteUri)
            {
                failures.Add($"{prefix}:Endpoint '{district.Endpoint}' is missing or not absolute. Set the LRS xAPI endpoint, such as https://lrs.example.org/xapi/.");
            }
            else if (requireHttps && district.Endpoint.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add($"{prefix}:Endpoint '{district.Endpoint}' is not HTTPS. Credentials and personal data must not travel in clear text; use an https:// endpoint.");
            }

            if (string.IsNullOrEmpty(district.Username) != string.IsNullOrEmpty(district.Password))
            {
                failures.Add($"{prefix}: Username and Password must be set together for Basic authentication.");
            }

            if (!Enum.IsDefined(district.Version))
            {
                failures.Add($"{prefix}:Version '{district.Version}' is not supported. Use V1 (xAPI 1.0.3) or V2 (xAPI 2.0).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
