namespace LtiPd.LtiTool.Branding;

/// <summary>A district's name, colours and logo as its pages show them. Every value is optional.</summary>
public sealed record DistrictBranding
{
    /// <summary>The district.</summary>
    public required string DistrictId { get; init; }

    /// <summary>The name in the page header, or null for the product name.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The colour of links and buttons, at least 4.5:1 against white.</summary>
    public string? PrimaryColor { get; init; }

    /// <summary>The header band colour.</summary>
    public string? HeaderColor { get; init; }

    /// <summary>The text colour on <see cref="HeaderColor"/>, white or near-black, whichever reaches 4.5:1.</summary>
    public string? HeaderTextColor => HexColor.Parse(HeaderColor) is { } header
        ? (HexColor.Contrast(header, HexColor.White) >= HexColor.MinimumTextContrast ? HexColor.White : HexColor.Ink).ToString()
        : null;

    /// <summary>An https logo URL, when the logo is not uploaded.</summary>
    public string? LogoUrl { get; init; }

    /// <summary>The media type of the uploaded logo, or null when none is uploaded.</summary>
    public string? LogoMediaType { get; init; }

    /// <summary>When the branding last changed (Unix ms); it versions the logo URL so caches refresh.</summary>
    public long UpdatedAtMs { get; init; }

    /// <summary>Returns the URL the page uses for the logo, or null when there is none.</summary>
    public string? LogoSource => LogoMediaType is not null
        ? $"/app/branding/{Uri.EscapeDataString(DistrictId)}/logo?v={UpdatedAtMs}"
        : LogoUrl;
}
