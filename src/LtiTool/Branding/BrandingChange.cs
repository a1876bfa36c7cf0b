namespace LtiPd.LtiTool.Branding;

/// <summary>A submitted settings form: the branding, an uploaded logo, level names and images, and what the checks found.</summary>
internal sealed record BrandingChange(
    DistrictBranding Branding,
    (string MediaType, byte[] Bytes)? Logo,
    bool RemoveLogo,
    IReadOnlyList<string> LevelNames,
    IReadOnlyList<LevelImageChange> LevelImages,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Notices);
