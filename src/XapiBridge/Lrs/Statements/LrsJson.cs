using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>JSON reading and writing shared by the statement and document resources.</summary>
internal static class LrsJson
{
    /// <summary>
    /// Parser settings: duplicate properties are rejected, because xAPI objects with two values
    /// for one property have no defined meaning.
    /// </summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>Writer settings for stored text: compact, with non-ASCII characters kept as they are.</summary>
    public static readonly JsonSerializerOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Parses <paramref name="utf8"/> into a mutable node, or returns the parser's message.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, out string? error)
    {
        error = FindInvalidText(utf8);
        if (error is not null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
            error = null;
            return JsonNode.Parse(document.RootElement.GetRawText(), NodeOptions);
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return null;
        }
    }

    /// <summary>
    /// Returns why <paramref name="utf8"/> cannot be read as Unicode text, or null when it can:
    /// bytes that are not UTF-8 (RFC 8259 section 8.1 requires UTF-8), or a <c>\u</c> escape that
    /// leaves a surrogate unpaired. System.Text.Json finds either only when the string is read,
    /// which would throw long after the parse succeeded. Syntax errors are left to the parser.
    /// </summary>
    public static string? FindInvalidText(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            return $"the bytes at offset {FirstInvalidUtf8Offset(utf8)} are not valid UTF-8. Send the body encoded as UTF-8";
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is (JsonTokenType.String or JsonTokenType.PropertyName) && reader.ValueIsEscaped && !CanDecode(ref reader))
                {
                    return $"the string at offset {reader.TokenStartIndex} has a \\u escape that leaves a surrogate unpaired. Escape each character outside the Basic Multilingual Plane as a high and low surrogate pair";
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static bool CanDecode(ref Utf8JsonReader reader)
    {
        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length && Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    /// <summary>Serialises a node into the text the store keeps.</summary>
    public static string Write(JsonNode node) => node.ToJsonString(WriterOptions);

    /// <summary>
    /// The inverse functional identifier of an agent or identified group, as one string
    /// (<c>mbox:mailto:a@b</c>, <c>account:homePage|name</c>), or null for an anonymous group.
    /// </summary>
    public static string? AgentKey(JsonElement agent)
    {
        if (agent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (TryGetString(agent, "mbox", out var mbox))
        {
            return "mbox:" + mbox;
        }

        if (TryGetString(agent, "mbox_sha1sum", out var sha1))
        {
            return "mbox_sha1sum:" + sha1;
        }

        if (TryGetString(agent, "openid", out var openId))
        {
            return "openid:" + openId;
        }

        if (agent.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object
            && TryGetString(account, "homePage", out var homePage) && TryGetString(account, "name", out var name))
        {
            return "account:" + homePage + "|" + name;
        }

        return null;
    }

    /// <summary>Returns the lowercase hex SHA-256 of <paramref name="value"/>'s UTF-8 bytes.</summary>
    public static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Returns the lowercase hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static bool TryGetString(JsonElement element, string property, out string value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var found)
            && found.ValueKind == JsonValueKind.String)
        {
            value = found.GetString()!;
            return true;
        }

        value = "";
        return false;
    }

    public static string? GetString(JsonElement element, string property) =>
        TryGetString(element, property, out var value) ? value : null;
}
