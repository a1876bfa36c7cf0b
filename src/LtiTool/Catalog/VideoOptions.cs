namespace LtiPd.LtiTool.Catalog;

/// <summary>A district-configured video for one slot of the catalog.</summary>
public sealed class VideoOptions
{
    /// <summary>The HTTPS URL to embed in an iframe (a video host's embed URL, not its watch page).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>The HTTPS URL of the captions or a transcript, linked under the video.</summary>
    public string CaptionsUrl { get; set; } = string.Empty;
}
