using System.Globalization;
using System.Text.RegularExpressions;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>Parses and writes xAPI timestamps (ISO 8601, as xAPI 1.0.3 Data 4.5 restricts them).</summary>
internal static partial class Timestamps
{
    public const string StoredFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Parses a timestamp with a date, a time and an offset (Z or ±hh:mm).</summary>
    public static bool TryParse(string text, out DateTimeOffset instant)
    {
        instant = default;
        return Iso8601().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(StoredFormat, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();
}
