using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>Rejects dev platform settings that cannot work, naming the setting and the fix.</summary>
internal sealed class DevPlatformOptionsValidator : IValidateOptions<DevPlatformOptions>
{
    public ValidateOptionsResult Validate(string? name, DevPlatformOptions options)
    {
        var failures = new List<string>();

        if (!string.IsNullOrWhiteSpace(options.Issuer)
            && (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || (issuer.Scheme != Uri.UriSchemeHttp && issuer.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"DevPlatform:Issuer '{options.Issuer}' is not an absolute http(s) URL. Leave it empty, or use a URL such as http://localhost:5000/devlms.");
        }

        foreach (var (setting, value) in new[] { ("ClientId", options.ClientId), ("DeploymentId", options.DeploymentId) })
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > 255)
            {
                failures.Add($"DevPlatform:{setting} '{value}' is invalid. Use 1 to 255 characters.");
            }
        }

        if (options.IdTokenLifetimeSeconds is < 30 or > 3600)
        {
            failures.Add($"DevPlatform:IdTokenLifetimeSeconds {options.IdTokenLifetimeSeconds} is out of range. Use 30 to 3600 seconds.");
        }

        if (options.AccessTokenLifetimeSeconds is < 60 or > 86400)
        {
            failures.Add($"DevPlatform:AccessTokenLifetimeSeconds {options.AccessTokenLifetimeSeconds} is out of range. Use 60 to 86400 seconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
