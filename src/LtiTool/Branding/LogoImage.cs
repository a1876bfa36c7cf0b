namespace LtiPd.LtiTool.Branding;

/// <summary>
/// Checks an uploaded logo by its leading bytes, never by its file name or declared type. PNG,
/// JPEG, GIF and WebP are accepted; SVG is not, because it can carry script.
/// </summary>
public static class LogoImage
{
    /// <summary>The largest logo accepted, in bytes (256 KiB).</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Gif87 = "GIF87a"u8.ToArray();
    private static readonly byte[] Gif89 = "GIF89a"u8.ToArray();

    /// <summary>Returns the media type of <paramref name="bytes"/>, or null when they are not an accepted image.</summary>
    public static string? MediaType(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Png))
        {
            return "image/png";
        }

        if (bytes.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }

        if (bytes.StartsWith(Gif87) || bytes.StartsWith(Gif89))
        {
            return "image/gif";
        }

        // RIFF container: "RIFF", 4 size bytes, then "WEBP".
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return null;
    }
}
