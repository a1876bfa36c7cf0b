using System.Buffers.Binary;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// A logo a certificate can draw: PNG or JPEG bytes whose header was read and whose pixel size
/// is within <see cref="MaxSide"/>. PDFsharp decodes a PNG into raw pixels, so the size is checked
/// before it gets the bytes.
/// </summary>
public sealed class CertificateLogo
{
    /// <summary>The largest width or height accepted, in pixels.</summary>
    public const int MaxSide = 4096;

    private CertificateLogo(byte[] bytes, string mediaType, int width, int height)
    {
        Bytes = bytes;
        MediaType = mediaType;
        Width = width;
        Height = height;
    }

    /// <summary>The image file.</summary>
    public byte[] Bytes { get; }

    /// <summary><c>image/png</c> or <c>image/jpeg</c>.</summary>
    public string MediaType { get; }

    /// <summary>The width in pixels.</summary>
    public int Width { get; }

    /// <summary>The height in pixels.</summary>
    public int Height { get; }

    /// <summary>
    /// Reads the header of <paramref name="bytes"/>. Returns the logo, or null with the reason in
    /// <paramref name="problem"/> when the bytes are not a PNG or JPEG of an accepted size.
    /// </summary>
    public static CertificateLogo? TryRead(byte[] bytes, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string mediaType;
        (int Width, int Height) size;
        if (ReadPngSize(bytes) is { } png)
        {
            (mediaType, size) = ("image/png", png);
        }
        else if (ReadJpegSize(bytes) is { } jpeg)
        {
            (mediaType, size) = ("image/jpeg", jpeg);
        }
        else
        {
            problem = "the logo is not a readable PNG or JPEG image (GIF and WebP logos are shown on pages but not drawn on certificates)";
            return null;
        }

        var (width, height) = size;
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide)
        {
            problem = $"the logo is {width}x{height} pixels; certificates draw logos of at most {MaxSide}x{MaxSide}";
            return null;
        }

        problem = null;
        return new CertificateLogo(bytes, mediaType, width, height);
    }

    // PNG (RFC 2083 sections 3.1, 3.2 and 4.1.1): the 8-byte signature, then the IHDR chunk whose
    // data starts with the width and height as 4-byte big-endian integers.
    private static (int Width, int Height)? ReadPngSize(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (bytes.Length < 24 || !bytes.StartsWith(signature) || !bytes[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }

        return (BinaryPrimitives.ReadInt32BigEndian(bytes[16..20]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..24]));
    }

    // JPEG (ITU-T T.81 annex B): marker segments follow the SOI marker. A start-of-frame segment
    // (SOF0 to SOF15, which excludes DHT C4, JPG C8 and DAC CC) holds the height, then the width,
    // as 2-byte big-endian integers.
    private static (int Width, int Height)? ReadJpegSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        {
            return null;
        }

        var position = 2;
        while (position + 4 <= bytes.Length)
        {
            if (bytes[position] != 0xFF)
            {
                return null;
            }

            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (position + 9 > bytes.Length)
                {
                    return null;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 7)..]);
                return (width, height);
            }

            if (marker == 0xDA || length < 2)
            {
                // Start of scan before any frame header, or a broken segment length.
                return null;
            }

            position += 2 + length;
        }

        return null;
    }
}
