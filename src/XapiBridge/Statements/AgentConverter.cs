using System.Text.Json;
using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// Reads an Agent or a Group by its <c>objectType</c> (Agent when absent, wherever the property
/// sits in the object) and writes the runtime type's properties.
/// </summary>
internal sealed class AgentConverter : JsonConverter<Agent>
{
    public override Agent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return XapiJsonConverters.ObjectTypeOf(element) == "Group"
            ? XapiJsonConverters.Deserialize<Group>(element, options)
            : XapiJsonConverters.Deserialize<Agent>(element, options);
    }

    public override void Write(Utf8JsonWriter writer, Agent value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
}
