namespace LtiPd.LtiTool.Records;

/// <summary>The district branding a certificate carries.</summary>
/// <param name="DistrictName">The district's name, printed at the top.</param>
/// <param name="AccentColor">The colour of the border and headings, as <c>#RRGGBB</c>.</param>
/// <param name="LogoPng">The district's logo as PNG bytes, or null to print the name only.</param>
public sealed record CertificateBrand(string DistrictName, string AccentColor = CertificateBrand.DefaultAccentColor, byte[]? LogoPng = null)
{
    /// <summary>The accent colour when the district sets none: a dark blue with 9:1 contrast on white.</summary>
    public const string DefaultAccentColor = "#1F4E79";
}
