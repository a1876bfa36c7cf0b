using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Catalog;

/// <summary>Checks <see cref="CatalogOptions"/> at start-up: a path is set, the duration cap is in range and every video is HTTPS with captions.</summary>
internal sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add("Catalog:Path is empty; set it to the folder that contains the module folders.");
        }

        if (options.ActivityDurationCapMinutes is < 1 or > 10080)
        {
            failures.Add($"Catalog:ActivityDurationCapMinutes {options.ActivityDurationCapMinutes} is out of range; set it to a number of minutes from 1 to 10080.");
        }

        foreach (var (slot, video) in options.Videos)
        {
            if (!CatalogIds.IsValid(slot))
            {
                failures.Add($"Catalog:Videos:{slot} is not a valid slot name; use lower-case letters, digits and single hyphens.");
            }

            if (!IsHttps(video.Url))
            {
                failures.Add($"Catalog:Videos:{slot}:Url '{video.Url}' is not an absolute HTTPS URL.");
            }

            // Captions are required so every configured video is accessible to deaf and
            // hard-of-hearing teachers.
            if (!IsHttps(video.CaptionsUrl))
            {
                failures.Add($"Catalog:Videos:{slot}:CaptionsUrl '{video.CaptionsUrl}' is not an absolute HTTPS URL; every video needs captions or a transcript.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttps(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;
}
