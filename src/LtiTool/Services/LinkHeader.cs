namespace LtiPd.LtiTool.Services;

/// <summary>
/// Reads RFC 8288 <c>Link</c> header values, as AGS 2.0 and NRPS 2.0 page their containers. One
/// header may hold several links, separated by commas with or without spaces (Canvas sends none).
/// A link's URL is returned exactly as sent, because platforms treat it as opaque and some
/// compare its case. A <c>rel</c> value may be quoted and list several relation types.
/// </summary>
public static class LinkHeader
{
    /// <summary>Returns the URL of the first link whose relation types include <paramref name="relation"/>, or null.</summary>
    public static string? Find(IEnumerable<string> headerValues, string relation)
    {
        ArgumentNullException.ThrowIfNull(headerValues);
        foreach (var value in headerValues)
        {
            foreach (var (url, relations) in Parse(value))
            {
                if (relations.Contains(relation, StringComparer.OrdinalIgnoreCase))
                {
                    return url;
                }
            }
        }

        return null;
    }

    /// <summary>Parses one header value into its links and their relation types. Malformed links are skipped.</summary>
    public static IReadOnlyList<(string Url, IReadOnlyList<string> Relations)> Parse(string? headerValue)
    {
        var links = new List<(string, IReadOnlyList<string>)>();
        if (string.IsNullOrEmpty(headerValue))
        {
            return links;
        }

        var position = 0;
        while (position < headerValue.Length)
        {
            var open = headerValue.IndexOf('<', position);
            if (open < 0)
            {
                break;
            }

            // A URI reference cannot contain '>', so the first one closes it (RFC 8288 section 3).
            var close = headerValue.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            var url = headerValue[(open + 1)..close];
            var (parameters, next) = ReadParameters(headerValue, close + 1);
            position = next;
            if (parameters.TryGetValue("rel", out var rel))
            {
                var relations = rel.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                links.Add((url, relations));
            }
        }

        return links;
    }

    /// <summary>
    /// Reads the <c>; name=value</c> parameters after a link up to the comma that ends it, minding
    /// quoted strings, which may contain commas and semicolons. The first occurrence of a name wins.
    /// </summary>
    private static (Dictionary<string, string> Parameters, int Next) ReadParameters(string value, int start)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = start;
        while (position < value.Length)
        {
            var character = value[position];
            if (character == ',')
            {
                return (parameters, position + 1);
            }

            if (character != ';')
            {
                position++;
                continue;
            }

            position++;
            var nameStart = position;
            while (position < value.Length && value[position] is not ('=' or ';' or ','))
            {
                position++;
            }

            var name = value[nameStart..position].Trim();
            var parameterValue = string.Empty;
            if (position < value.Length && value[position] == '=')
            {
                position++;
                while (position < value.Length && value[position] is ' ' or '\t')
                {
                    position++;
                }

                (parameterValue, position) = position < value.Length && value[position] == '"'
                    ? ReadQuoted(value, position + 1)
                    : ReadToken(value, position);
            }

            if (name.Length > 0)
            {
                parameters.TryAdd(name, parameterValue);
            }
        }

        return (parameters, position);
    }

    private static (string Value, int Next) ReadQuoted(string value, int start)
    {
        var text = new System.Text.StringBuilder();
        var position = start;
        while (position < value.Length && value[position] != '"')
        {
            if (value[position] == '\\' && position + 1 < value.Length)
            {
                position++;
            }

            text.Append(value[position]);
            position++;
        }

        return (text.ToString(), Math.Min(position + 1, value.Length));
    }

    private static (string Value, int Next) ReadToken(string value, int start)
    {
        var position = start;
        while (position < value.Length && value[position] is not (';' or ','))
        {
            position++;
        }

        return (value[start..position].Trim(), position);
    }
}
