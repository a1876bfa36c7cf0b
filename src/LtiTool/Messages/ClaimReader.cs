using System.Text.Json;
using System.Text.RegularExpressions;

namespace LtiPd.LtiTool.Messages;

/// <summary>Reads claim values from a JSON payload without throwing on unexpected shapes.</summary>
internal static partial class ClaimReader
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static bool? Boolean(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    /// <summary>Reads a string array; a lone string counts as a one-element array.</summary>
    public static IReadOnlyList<string> StringArray(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? StringArrayOf(value) : [];

    private static List<string> StringArrayOf(JsonElement value)
    {
        return value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.String)
                .Select(item => item.GetString()!)
                .Where(item => item.Length > 0)
                .ToList(),
            JsonValueKind.String when value.GetString() is { Length: > 0 } single => [single],
            _ => [],
        };
    }

    /// <summary>
    /// Returns null for a value that is not data: empty, or a substitution variable the LMS could
    /// not resolve and sent literally (Canvas sends <c>$CourseSection.sourcedId</c> as is).
    /// </summary>
    public static string? Data(string? value) =>
        string.IsNullOrWhiteSpace(value) || (value[0] == '$' && UnresolvedVariable().IsMatch(value)) ? null : value;

    /// <summary>Returns the value when it is an absolute http(s) URL, else null.</summary>
    public static string? Url(string? value) =>
        Data(value) is { } data
        && (PlainHttpUrl.IsPlain(data, out _)
            || (Uri.TryCreate(data, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            ? data
            : null;

    [GeneratedRegex(@"^\$\{?[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+\}?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnresolvedVariable();
}
