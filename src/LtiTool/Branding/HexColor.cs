using System.Globalization;

namespace LtiPd.LtiTool.Branding;

/// <summary>A colour given as <c>#rrggbb</c> (or <c>#rgb</c>), with the WCAG 2.1 contrast arithmetic.</summary>
public readonly record struct HexColor(byte Red, byte Green, byte Blue)
{
    /// <summary>White, the page background.</summary>
    public static readonly HexColor White = new(255, 255, 255);

    /// <summary>The near-black of the page text.</summary>
    public static readonly HexColor Ink = new(0x1b, 0x1b, 0x1b);

    /// <summary>The minimum contrast ratio of normal text under WCAG 2.1 AA (success criterion 1.4.3).</summary>
    public const double MinimumTextContrast = 4.5;

    /// <summary>Parses <c>#rrggbb</c> or <c>#rgb</c>; returns null for anything else.</summary>
    public static HexColor? Parse(string? value)
    {
        var text = value?.Trim();
        if (text is null || !text.StartsWith('#') || (text.Length != 7 && text.Length != 4) || !text.Skip(1).All(char.IsAsciiHexDigit))
        {
            return null;
        }

        if (text.Length == 4)
        {
            text = string.Concat("#", new string(text[1], 2), new string(text[2], 2), new string(text[3], 2));
        }

        var rgb = int.Parse(text.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new HexColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
    }

    /// <summary>Returns the colour as lower-case <c>#rrggbb</c>, safe to place in CSS.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{Red:x2}{Green:x2}{Blue:x2}");

    /// <summary>Returns the WCAG 2.1 contrast ratio of two colours, from 1 to 21.</summary>
    public static double Contrast(HexColor first, HexColor second)
    {
        var (lighter, darker) = (first.Luminance(), second.Luminance());
        if (darker > lighter)
        {
            (lighter, darker) = (darker, lighter);
        }

        return (lighter + 0.05) / (darker + 0.05);
    }

    /// <summary>Returns the colour darkened in 5 % steps until it reaches <paramref name="ratio"/> against white.</summary>
    public HexColor DarkenedFor(double ratio)
    {
        var color = this;
        for (var step = 1; step <= 20 && Contrast(color, White) < ratio; step++)
        {
            var factor = 1 - (step * 0.05);
            color = new HexColor((byte)(Red * factor), (byte)(Green * factor), (byte)(Blue * factor));
        }

        return color;
    }

    /// <summary>Returns the relative luminance (WCAG 2.1 definition, sRGB).</summary>
    public double Luminance() => (0.2126 * Channel(Red)) + (0.7152 * Channel(Green)) + (0.0722 * Channel(Blue));

    private static double Channel(byte value)
    {
        var srgb = value / 255.0;
        return srgb <= 0.04045 ? srgb / 12.92 : Math.Pow((srgb + 0.055) / 1.055, 2.4);
    }
}
