namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Where a watch activity's video comes from: a slot the district fills in configuration
/// (<c>Catalog:Videos:&lt;slot&gt;</c>), or a URL written in the activity itself.
/// </summary>
public sealed record VideoSource
{
    /// <summary>The name of the district-configured video slot, or null when the URL is given.</summary>
    public string? Slot { get; init; }

    /// <summary>The HTTPS embed URL written in the activity, or null when a slot is used.</summary>
    public Uri? EmbedUrl { get; init; }

    /// <summary>The HTTPS URL of the captions or transcript; required with <see cref="EmbedUrl"/>.</summary>
    public Uri? CaptionsUrl { get; init; }
}
