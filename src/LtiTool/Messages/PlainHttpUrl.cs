using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace LtiPd.LtiTool.Messages;

/// <summary>
/// A check, without <see cref="Uri"/>, for the usual shape of the URLs in an id_token:
/// <c>http(s)://host[:port][/path][?query][#fragment]</c> in plain ASCII. Every string it accepts
/// is also an absolute http or https URL to <see cref="Uri.TryCreate(string?, UriKind, out Uri?)"/>,
/// with the same scheme, host and port. It rejects much that <see cref="Uri"/> accepts (IP
/// literals, user info, non-ASCII hosts, upper-case schemes, percent signs), so callers fall back
/// to <see cref="Uri"/> when it returns false. Parsing a <see cref="Uri"/> costs about 0.3 us per
/// URL, several times this check (an estimate from CPU samples of the launch validator).
/// </summary>
internal static class PlainHttpUrl
{
    private const int MaxLength = 2048;
    private const int MaxLabelLength = 63;

    private static readonly SearchValues<char> PathCharacters = SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?#");

    /// <summary>
    /// Returns whether <paramref name="value"/> has the plain shape described on the class.
    /// <paramref name="originLength"/> is then the length of its scheme, host and port.
    /// </summary>
    public static bool IsPlain([NotNullWhen(true)] string? value, out int originLength)
    {
        originLength = 0;
        if (value is null || value.Length > MaxLength)
        {
            return false;
        }

        var hostStart = value.StartsWith("https://", StringComparison.Ordinal) ? 8
            : value.StartsWith("http://", StringComparison.Ordinal) ? 7
            : 0;
        if (hostStart == 0 || !TryReadHost(value, hostStart, out var hostEnd) || !TryReadPort(value, hostEnd, out var authorityEnd))
        {
            return false;
        }

        if (authorityEnd < value.Length && value[authorityEnd] is not ('/' or '?' or '#'))
        {
            return false;
        }

        if (!IsPlainPathQueryAndFragment(value.AsSpan(authorityEnd)))
        {
            return false;
        }

        originLength = authorityEnd;
        return true;
    }

    /// <summary>
    /// Reads a DNS name of ASCII letters, digits and hyphens: labels of 1 to 63 characters that
    /// start with a letter or digit, the last one with a letter, so it never reads as an IPv4 address.
    /// </summary>
    private static bool TryReadHost(string value, int start, out int end)
    {
        var labelStart = start;
        var index = start;
        for (; index < value.Length; index++)
        {
            var character = value[index];
            if (character == '.')
            {
                if (!IsLabel(value.AsSpan(labelStart, index - labelStart)))
                {
                    end = 0;
                    return false;
                }

                labelStart = index + 1;
            }
            else if (!char.IsAsciiLetterOrDigit(character) && character != '-')
            {
                break;
            }
        }

        end = index;
        var lastLabel = value.AsSpan(labelStart, index - labelStart);
        return IsLabel(lastLabel) && char.IsAsciiLetter(lastLabel[0]);
    }

    private static bool IsLabel(ReadOnlySpan<char> label) =>
        label.Length is > 0 and <= MaxLabelLength && char.IsAsciiLetterOrDigit(label[0]);

    /// <summary>Reads an optional <c>:port</c> of 1 to 5 digits up to 65535.</summary>
    private static bool TryReadPort(string value, int start, out int end)
    {
        end = start;
        if (start == value.Length || value[start] != ':')
        {
            return true;
        }

        var port = 0;
        var index = start + 1;
        while (index < value.Length && char.IsAsciiDigit(value[index]) && index - start <= 5)
        {
            port = (port * 10) + (value[index] - '0');
            index++;
        }

        end = index;
        return index > start + 1 && index - start <= 6 && port <= ushort.MaxValue;
    }

    /// <summary>
    /// Accepts the RFC 3986 characters allowed unescaped in a path, query and fragment, with at most
    /// one <c>#</c>. Percent signs, spaces, backslashes, brackets and non-ASCII characters fall back to <see cref="Uri"/>.
    /// </summary>
    private static bool IsPlainPathQueryAndFragment(ReadOnlySpan<char> rest)
    {
        if (rest.ContainsAnyExcept(PathCharacters))
        {
            return false;
        }

        var fragment = rest.IndexOf('#');
        return fragment < 0 || rest[(fragment + 1)..].IndexOf('#') < 0;
    }
}
