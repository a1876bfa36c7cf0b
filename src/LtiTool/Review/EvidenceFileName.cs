using System.Globalization;
using System.Text;

namespace LtiPd.LtiTool.Review;

/// <summary>Turns a learner's upload file name into a safe label, and sizes into words.</summary>
internal static class EvidenceFileName
{
    private const int MaxLength = 120;

    /// <summary>
    /// Keeps only the last path segment (browsers on Windows may send a whole path), drops control,
    /// invisible formatting and path characters and shortens the name to 120 characters, keeping
    /// the extension. Formatting characters go because a right-to-left override (U+202E) makes
    /// <c>invoice[U+202E]fdp.exe</c> display as <c>invoiceexe.pdf</c> to the reviewer.
    /// </summary>
    public static string Clean(string? fileName)
    {
        var lastSegment = (fileName ?? string.Empty).Replace('\\', '/').Split('/')[^1];
        var cleaned = new StringBuilder(lastSegment.Length);
        foreach (var character in lastSegment)
        {
            if (!char.IsControl(character)
                && CharUnicodeInfo.GetUnicodeCategory(character) != UnicodeCategory.Format
                && character is not ('"' or ':' or '*' or '?' or '<' or '>' or '|'))
            {
                cleaned.Append(character);
            }
        }

        var name = cleaned.ToString().Trim().TrimStart('.');
        if (name.Length == 0)
        {
            return "evidence";
        }

        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length > 10 ? string.Empty : extension;
            name = name[..(MaxLength - extension.Length)] + extension;
        }

        return name;
    }

    /// <summary>Formats a byte count for people, such as <c>10 MB</c> or <c>512 KB</c> (1 MB = 1,048,576 bytes).</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{(bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
        >= 1024 => $"{(bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{bytes} bytes",
    };
}
