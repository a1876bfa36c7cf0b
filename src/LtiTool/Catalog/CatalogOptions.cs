namespace LtiPd.LtiTool.Catalog;

/// <summary>PD catalog settings, bound from the <c>Catalog</c> configuration section.</summary>
public sealed class CatalogOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Catalog";

    /// <summary>
    /// The folder that contains the module folders. A relative path is resolved against the
    /// application's base folder, where the build copies the sample catalog. Default: <c>catalog</c>.
    /// </summary>
    public string Path { get; set; } = "catalog";

    /// <summary>
    /// The district's videos for watch activities, keyed by the slot name the activity gives
    /// (<c>video: { slot: ... }</c>). A slot with no entry shows a marked placeholder.
    /// </summary>
    public Dictionary<string, VideoOptions> Videos { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The maximum time on task, in minutes, that one activity's statements report as
    /// <c>result.duration</c>. A step taken later than this after the learner first opened the
    /// activity reports exactly this value, so a page left open over a weekend does not count as
    /// days of work. Default: 120. Allowed: 1 to 10080 (a week).
    /// </summary>
    public int ActivityDurationCapMinutes { get; set; } = 120;

    /// <summary>Returns <see cref="Path"/> as an absolute path.</summary>
    public string ResolvePath() => System.IO.Path.GetFullPath(Path, AppContext.BaseDirectory);
}
