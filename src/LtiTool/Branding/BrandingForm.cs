using System.Globalization;

namespace LtiPd.LtiTool.Branding;

/// <summary>Reads and checks the branding part of the settings form, with the level names and images.</summary>
internal static class BrandingForm
{
    public const int MaxNameLength = 100;
    public const int MaxLevelNameLength = 40;
    public const int MaxUrlLength = 1000;

    /// <summary>Returns the branding the form describes and its problems; the branding is valid only without problems.</summary>
    public static async Task<BrandingChange> ParseAsync(IFormCollection form, string districtId, int levelCount, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var notices = new List<string>();
        var name = Optional(form["display_name"].ToString());
        if (name is not null && (name.Length > MaxNameLength || name.Any(char.IsControl)))
        {
            errors.Add($"The district name has {name.Length} characters or control characters; use at most {MaxNameLength} printable characters.");
        }

        var primary = ParsePrimary(form["primary_color"].ToString(), errors);
        var header = ParseHeader(form["header_color"].ToString(), errors, notices);
        var logoUrl = ParseLogoUrl(form["logo_url"].ToString(), errors);
        var logo = await UploadedImage.ReadAsync(form.Files.GetFile("logo"), "The logo file", errors, cancellationToken);
        if (logo is not null && logoUrl is not null)
        {
            errors.Add("Give either a logo file or a logo URL, not both.");
        }

        var levelNames = new List<string>();
        for (var level = 1; level <= levelCount; level++)
        {
            var levelName = form[$"level_{level}"].ToString().Trim();
            if (levelName.Length == 0 || levelName.Length > MaxLevelNameLength || levelName.Any(char.IsControl))
            {
                errors.Add($"The name of level {level} is empty, longer than {MaxLevelNameLength} characters or has control characters. Give a short name such as \"Explorer\".");
            }

            levelNames.Add(levelName);
        }

        var levelImages = await LevelImageForm.ParseAsync(form, levelCount, errors, cancellationToken);
        var branding = new DistrictBranding
        {
            DistrictId = districtId,
            DisplayName = name,
            PrimaryColor = primary?.ToString(),
            HeaderColor = header?.ToString(),
            LogoUrl = logoUrl,
        };
        return new BrandingChange(branding, logo, form["remove_logo"].ToString() == "on", levelNames, levelImages, errors, notices);
    }

    private static HexColor? ParsePrimary(string text, List<string> errors)
    {
        if (Optional(text) is not { } value)
        {
            return null;
        }

        if (HexColor.Parse(value) is not { } color)
        {
            errors.Add($"The link and button colour '{value}' is not a hex colour. Use the form #1a5f8a.");
            return null;
        }

        var contrast = HexColor.Contrast(color, HexColor.White);
        if (contrast < HexColor.MinimumTextContrast)
        {
            var suggestion = color.DarkenedFor(HexColor.MinimumTextContrast);
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"The link and button colour {color} has a contrast of {contrast:0.0}:1 with the white page and with white button text; WCAG AA needs 4.5:1. Use a darker colour, such as {suggestion}."));
            return null;
        }

        return color;
    }

    private static HexColor? ParseHeader(string text, List<string> errors, List<string> notices)
    {
        if (Optional(text) is not { } value)
        {
            return null;
        }

        if (HexColor.Parse(value) is not { } color)
        {
            errors.Add($"The header colour '{value}' is not a hex colour. Use the form #f2e6c9.");
            return null;
        }

        notices.Add(HeaderNotice(color));
        return color;
    }

    /// <summary>Returns the sentence that states which text colour the header gets, with its contrast ratio.</summary>
    public static string HeaderNotice(HexColor header)
    {
        var onWhite = HexColor.Contrast(header, HexColor.White);
        var textColor = onWhite >= HexColor.MinimumTextContrast ? "white" : "near-black";
        var ratio = Math.Max(onWhite, HexColor.Contrast(header, HexColor.Ink));
        return string.Create(CultureInfo.InvariantCulture, $"Header text on {header} is shown in {textColor}, for a contrast of {ratio:0.0}:1 (WCAG AA needs 4.5:1).");
    }

    private static string? ParseLogoUrl(string text, List<string> errors)
    {
        if (Optional(text) is not { } value)
        {
            return null;
        }

        if (UploadedImage.HttpsUrl(value, MaxUrlLength) is not { } url)
        {
            errors.Add($"The logo URL '{value}' is not an https URL of at most {MaxUrlLength} characters. Use an address such as https://www.district.example.org/logo.png, or upload the logo.");
            return null;
        }

        return url;
    }

    private static string? Optional(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
