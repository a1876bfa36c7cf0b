using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LtiPd.XapiBridge.Statements;

/// <summary>Helpers the polymorphic converters share.</summary>
internal static class XapiJsonConverters
{
    public static string? ObjectTypeOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("objectType", out var objectType)
            && objectType.ValueKind == JsonValueKind.String
            ? objectType.GetString()
            : null;

    public static T Deserialize<T>(JsonElement element, JsonSerializerOptions options)
        where T : class =>
        element.Deserialize((JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))
            ?? throw new JsonException($"Expected a {typeof(T).Name} object, found null.");
}
