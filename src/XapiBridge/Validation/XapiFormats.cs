using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LtiPd.XapiBridge.Validation;

/// <summary>
/// Checks for the string formats xAPI prescribes (UUID, IRI, RFC 5646 language tag, ISO 8601
/// duration and timestamp, mailto IRI, hashes), public so that the LRS can check query parameters with them too.
/// </summary>
public static partial class XapiFormats
{
    private static readonly string[] ZeroUnknownOffsets = ["-00", "-0000", "-00:00"];

    private static readonly SearchValues<char> ExcludedIriCharacters = SearchValues.Create("<>\"{}|\\^`");

    /// <summary>Whether <paramref name="value"/> is a UUID in 8-4-4-4-12 hexadecimal form (either case).</summary>
    public static bool IsUuid(string? value) => value is not null && UuidPattern().IsMatch(value);

    /// <summary>
    /// Whether <paramref name="value"/> is an absolute IRI: a scheme (a letter, then letters,
    /// digits, <c>+</c>, <c>-</c> or <c>.</c>), a colon, and a non-empty rest without spaces,
    /// control characters or the characters RFC 3987 excludes (<c>&lt;&gt;"{}|\^`</c>).
    /// </summary>
    public static bool IsIri(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var schemeLength = SchemeLength(value);
        if (schemeLength == 0 || schemeLength + 1 == value.Length)
        {
            return false;
        }

        var rest = value.AsSpan(schemeLength + 1);
        if (rest.IndexOfAny(ExcludedIriCharacters) >= 0)
        {
            return false;
        }

        foreach (var character in rest)
        {
            if (char.IsWhiteSpace(character) || char.IsControl(character))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="value"/> is <c>mailto:</c> followed by one email address.</summary>
    public static bool IsMailtoIri(string? value) => value is not null && MailtoPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a SHA-1 digest in hexadecimal (40 digits).</summary>
    public static bool IsSha1Hex(string? value) => value is not null && value.Length == 40 && IsHex(value);

    /// <summary>Whether <paramref name="value"/> is a SHA-224, SHA-256, SHA-384 or SHA-512 digest in hexadecimal.</summary>
    public static bool IsSha2Hex(string? value) =>
        value is not null && value.Length is 56 or 64 or 96 or 128 && IsHex(value);

    /// <summary>Whether <paramref name="value"/> is an Internet media type such as <c>text/plain; charset=ascii</c>.</summary>
    public static bool IsMediaType(string? value) => value is not null && MediaTypePattern().IsMatch(value);

    /// <summary>
    /// Whether <paramref name="value"/> is a well-formed RFC 5646 language tag: the subtag
    /// sequence of a langtag, a private-use tag or a grandfathered tag. Subtags are checked for
    /// their lengths and characters, not against the IANA registry.
    /// </summary>
    public static bool IsLanguageTag(string? value) => value is not null && LanguageTagPattern().IsMatch(value);

    /// <summary>
    /// Whether <paramref name="value"/> is an ISO 8601 duration as xAPI uses it: <c>PnYnMnDTnHnMnS</c>
    /// with at least one component and a decimal fraction allowed on each, or <c>PnW</c> alone.
    /// </summary>
    public static bool IsDuration(string? value) =>
        value is not null && (DurationPattern().IsMatch(value) || WeekDurationPattern().IsMatch(value));

    /// <summary>
    /// Parses an ISO 8601 extended-format date and time (<c>2024-05-01T10:00:00.123+02:00</c>).
    /// A value without an offset is read as UTC. The offsets <c>-00</c>, <c>-0000</c> and
    /// <c>-00:00</c> are rejected: RFC 3339 uses <c>-00:00</c> to mark an unknown local offset,
    /// and the ADL LRS conformance suite expects an LRS to reject all three forms.
    /// </summary>
    public static bool TryParseTimestamp(string? value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (value is null)
        {
            return false;
        }

        var match = TimestampPattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var offsetText = match.Groups["offset"].Value;
        if (ZeroUnknownOffsets.Contains(offsetText, StringComparer.Ordinal))
        {
            return false;
        }

        var offset = ParseOffset(offsetText);
        if (offset is null)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value : "0";
        var ticks = (long)Math.Round(double.Parse("0." + fraction, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond);
        try
        {
            timestamp = new DateTimeOffset(
                int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture),
                offset.Value).AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Month 13, February 30, hour 25 or an offset beyond 14 hours.
            return false;
        }
    }

    /// <summary>Formats a timestamp as xAPI stores and sends it: UTC, milliseconds, <c>Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static TimeSpan? ParseOffset(string offsetText)
    {
        if (offsetText.Length == 0 || offsetText is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var sign = offsetText[0] == '-' ? -1 : 1;
        var digits = offsetText[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59)
        {
            return null;
        }

        return sign * new TimeSpan(hours, minutes, 0);
    }

    /// <summary>Returns the length of the RFC 3986 scheme before the first colon, or 0 when there is none.</summary>
    private static int SchemeLength(string value)
    {
        if (!char.IsAsciiLetter(value[0]))
        {
            return 0;
        }

        for (var index = 1; index < value.Length; index++)
        {
            var character = value[index];
            if (character == ':')
            {
                return index;
            }

            if (!char.IsAsciiLetterOrDigit(character) && character is not ('+' or '-' or '.'))
            {
                return 0;
            }
        }

        return 0;
    }

    private static bool IsHex(string value)
    {
        foreach (var character in value)
        {
            if (!char.IsAsciiHexDigit(character))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^mailto:[^@\s:/]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex MailtoPattern();

    // RFC 6838 restricted names for type and subtype, then optional "; name=value" parameters.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=(""[^""]*""|[^;\s""]+))*\s*$")]
    private static partial Regex MediaTypePattern();

    // RFC 5646 section 2.1: langtag (language, extlang, script, region, variants, extensions,
    // private use), a private-use tag alone, or one of the grandfathered tags.
    [GeneratedRegex(
        @"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})"
        + @"(?:-[A-Za-z]{4})?"
        + @"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
        + @"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
        + @"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
        + @"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
        + @"|[Xx](?:-[A-Za-z0-9]{1,8})+"
        + @"|en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|i-tsu"
        + @"|sgn-BE-FR|sgn-BE-NL|sgn-CH-DE|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex LanguageTagPattern();

    [GeneratedRegex(@"^P(?=\d)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?$|^PT(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^P\d+(?:[.,]\d+)?W$")]
    private static partial Regex WeekDurationPattern();

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[Tt](?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<fraction>\d{1,9}))?(?<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?$")]
    private static partial Regex TimestampPattern();
}
