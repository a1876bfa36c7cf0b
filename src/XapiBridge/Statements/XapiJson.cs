using System.Text.Json;

namespace LtiPd.XapiBridge.Statements;

/// <summary>The JSON settings every xAPI read and write in LtiPd uses.</summary>
public static class XapiJson
{
    /// <summary>Options backed by <see cref="XapiJsonContext"/>; read-only and shared.</summary>
    public static JsonSerializerOptions Options => XapiJsonContext.Default.Options;

    /// <summary>Serializes a statement to compact JSON.</summary>
    public static string Serialize(Statement statement) => JsonSerializer.Serialize(statement, XapiJsonContext.Default.Statement);

    /// <summary>Serializes a statement to a JSON element, as the validator and the LRS store take it.</summary>
    public static JsonElement SerializeToElement(Statement statement) =>
        JsonSerializer.SerializeToElement(statement, XapiJsonContext.Default.Statement);

    /// <summary>Reads a statement from JSON, or throws <see cref="JsonException"/>.</summary>
    public static Statement Deserialize(string json) =>
        JsonSerializer.Deserialize(json, XapiJsonContext.Default.Statement)
            ?? throw new JsonException("The JSON is null, not a statement.");
}
