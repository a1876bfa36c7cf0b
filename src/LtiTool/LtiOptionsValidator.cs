using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool;

/// <summary>Rejects LTI settings that cannot work, naming the setting and the fix.</summary>
internal sealed class LtiOptionsValidator : IValidateOptions<LtiOptions>
{
    public ValidateOptionsResult Validate(string? name, LtiOptions options)
    {
        var failures = new List<string>();

        if (!string.IsNullOrEmpty(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUri)
                || (options.RequireHttps && baseUri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Lti:PublicBaseUrl '{options.PublicBaseUrl}' is invalid. Use the tool's absolute https URL, such as https://pd.district.example.org.");
        }

        if (options.ClockSkewSeconds is < 0 or > 300)
        {
            failures.Add($"Lti:ClockSkewSeconds {options.ClockSkewSeconds} is out of range. Use 0 to 300 seconds.");
        }

        if (options.LoginLifetimeSeconds is < 30 or > 3600)
        {
            failures.Add($"Lti:LoginLifetimeSeconds {options.LoginLifetimeSeconds} is out of range. Use 30 to 3600 seconds.");
        }

        if (options.SessionLifetimeMinutes is < 5 or > 1440)
        {
            failures.Add($"Lti:SessionLifetimeMinutes {options.SessionLifetimeMinutes} is out of range. Use 5 to 1440 minutes.");
        }

        var unsafeAlgorithms = options.AllowedAlgorithms.Where(alg => alg is not ("RS256" or "RS384" or "RS512" or "PS256")).ToList();
        if (options.AllowedAlgorithms.Count == 0)
        {
            failures.Add("Lti:AllowedAlgorithms is empty, so no launch could be accepted. Allow RS256 (and optionally RS384, RS512, PS256).");
        }
        else if (unsafeAlgorithms.Count > 0)
        {
            failures.Add($"Lti:AllowedAlgorithms contains '{string.Join(", ", unsafeAlgorithms)}'. LTI 1.3 platforms sign with RSA; allow RS256 (and optionally RS384, RS512, PS256) only.");
        }

        // A refetch interval of 0 or less would let every token with a made-up kid fetch the
        // platform's JWKS again. A negative cache time would refetch on every launch.
        if (options.JwksRefetchIntervalSeconds is < 1 or > 3600)
        {
            failures.Add($"Lti:JwksRefetchIntervalSeconds {options.JwksRefetchIntervalSeconds} is out of range. Use 1 to 3600 seconds.");
        }

        if (options.JwksTimeoutSeconds is < 3 or > 120)
        {
            failures.Add($"Lti:JwksTimeoutSeconds {options.JwksTimeoutSeconds} is out of range. Use 3 to 120 seconds.");
        }

        if (options.JwksCacheSeconds is < 60 or > 86400)
        {
            failures.Add($"Lti:JwksCacheSeconds {options.JwksCacheSeconds} is out of range. Use 60 to 86400 seconds.");
        }

        if (options.NonceRetentionSeconds is < 0 or > 604800)
        {
            failures.Add($"Lti:NonceRetentionSeconds {options.NonceRetentionSeconds} is out of range. Use 0 to 604800 seconds (a week).");
        }

        if (options.KeyPublishMinutes is < 0 or > 43200)
        {
            failures.Add($"Lti:KeyPublishMinutes {options.KeyPublishMinutes} is out of range. Use 0 to 43200 minutes (30 days).");
        }

        if (options.MinimumRsaKeySize < 2048)
        {
            failures.Add($"Lti:MinimumRsaKeySize {options.MinimumRsaKeySize} is too small. Use 2048 or more bits.");
        }

        for (var i = 0; i < options.Platforms.Count; i++)
        {
            var platform = options.Platforms[i];
            var prefix = $"Lti:Platforms:{i}";
            if (string.IsNullOrWhiteSpace(platform.Issuer))
            {
                failures.Add($"{prefix}:Issuer is missing. Set it to the platform's issuer URL.");
            }

            if (string.IsNullOrWhiteSpace(platform.ClientId))
            {
                failures.Add($"{prefix}:ClientId is missing. Copy the client id the LMS assigned to the tool.");
            }

            foreach (var (field, value) in new[] { ("AuthUrl", platform.AuthUrl), ("TokenUrl", platform.TokenUrl), ("JwksUrl", platform.JwksUrl) })
            {
                if (PlatformUrls.Check(value, options.RequireHttps) is { } problem)
                {
                    failures.Add($"{prefix}:{field} '{value}' {problem}");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
