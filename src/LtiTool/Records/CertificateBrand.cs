namespace LtiPd.LtiTool.Records;

/// <summary>The district branding a certificate carries.</summary>
/// <param name="DistrictName">The district's name, printed at the top.</param>
/// <param name="AccentColor">The colour of the border and headings, as <c>#RRGGBB</c>.</param>
/// <param name="Logo">The district's logo as checked PNG or JPEG bytes (see <see cref="CertificateLogo"/>), or null to print the name only.</param>
/// <param name="BandColor">The colour of the bands along the top and bottom edges as <c>#RRGGBB</c>, or null for none.</param>
public sealed record CertificateBrand(
    string DistrictName,
    string AccentColor = CertificateBrand.DefaultAccentColor,
    CertificateLogo? Logo = null,
    string? BandColor = null)
{
    /// <summary>The accent colour when the district sets none: a dark blue with 9:1 contrast on white.</summary>
    public const string DefaultAccentColor = "#1F4E79";
}
