using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

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
