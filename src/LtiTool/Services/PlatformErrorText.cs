using System.Text.Json;

namespace LtiPd.LtiTool.Services;

/// <summary>
/// Pulls the human-readable message out of a platform's error body: Canvas
/// (<c>{"errors":[{"message":...}]}</c> or <c>{"errors":{"message":...}}</c>), OAuth 2.0
/// (<c>error</c>, <c>error_description</c>), RFC 9457 problem details (<c>title</c>,
/// <c>detail</c>), or plain text (Moodle). The result is cut short and stripped of control
/// characters, because it goes into logs.
/// </summary>
public static class PlatformErrorText
{
    private const int MaxLength = 300;

    /// <summary>Returns the message of <paramref name="body"/>, or a placeholder when it is empty.</summary>
    public static string From(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no response body)";
        }

        return Clean(TryJson(body) ?? body);
    }

    private static string? TryJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("errors", out var errors))
            {
                var messages = errors.ValueKind switch
                {
                    JsonValueKind.Array => errors.EnumerateArray().Select(Message).OfType<string>().ToList(),
                    JsonValueKind.Object => Message(errors) is { } single ? [single] : [],
                    _ => [],
                };
                if (messages.Count > 0)
                {
                    return string.Join("; ", messages);
                }
            }

            if (Text(root, "error") is { } error)
            {
                return Text(root, "error_description") is { } description ? $"{error}: {description}" : error;
            }

            var title = Text(root, "title");
            var detail = Text(root, "detail");
            return (title, detail) switch
            {
                (not null, not null) => $"{title}: {detail}",
                (null, not null) => detail,
                (not null, null) => title,
                _ => Text(root, "message"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Message(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? Text(element, "message") : element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Clean(string text)
    {
        var printable = string.Concat(text.Select(character => char.IsControl(character) ? ' ' : character)).Trim();
        return printable.Length <= MaxLength ? printable : printable[..MaxLength] + "…";
    }
}
