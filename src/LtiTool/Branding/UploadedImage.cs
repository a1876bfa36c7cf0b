using System.Globalization;

namespace LtiPd.LtiTool.Branding;

/// <summary>Reads an image file of the settings form and checks its size and type (<see cref="LogoImage"/>).</summary>
internal static class UploadedImage
{
    /// <summary>
    /// Returns the file's media type and bytes, or null when no file was chosen or it fails a check;
    /// a failed check adds an error that starts with <paramref name="subject"/>, such as "The logo file".
    /// </summary>
    public static async Task<(string MediaType, byte[] Bytes)?> ReadAsync(IFormFile? file, string subject, List<string> errors, CancellationToken cancellationToken)
    {
        // A nameless empty part is a file input left empty; a named empty file is a real upload that failed.
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            return null;
        }

        if (file.Length == 0)
        {
            errors.Add($"{subject} is empty (0 bytes). Choose the image file again, or choose no file to keep the current image.");
            return null;
        }

        if (file.Length > LogoImage.MaxBytes)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{subject} is {file.Length:N0} bytes; the limit is {LogoImage.MaxBytes / 1024} KiB ({LogoImage.MaxBytes:N0} bytes). Save a smaller image."));
            return null;
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        if (LogoImage.MediaType(bytes) is not { } mediaType)
        {
            errors.Add($"{subject} is not a PNG, JPEG, GIF or WebP image (SVG is not accepted). Save it as PNG and upload it again.");
            return null;
        }

        return (mediaType, bytes);
    }

    /// <summary>Returns the absolute https URL in <paramref name="text"/>, or null when it is not one or is longer than <paramref name="maxLength"/>.</summary>
    public static string? HttpsUrl(string text, int maxLength) =>
        text.Length <= maxLength && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri.AbsoluteUri : null;
}
