using System.Text.Json;
using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>Reads a context activity list from one Activity or an array; writes an array.</summary>
internal sealed class ActivityListConverter : JsonConverter<IList<Activity>>
{
    public override IList<Activity>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        return element.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Array => element.EnumerateArray().Select(item => XapiJsonConverters.Deserialize<Activity>(item, options)).ToList(),
            _ => [XapiJsonConverters.Deserialize<Activity>(element, options)],
        };
    }

    public override void Write(Utf8JsonWriter writer, IList<Activity> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        var typeInfo = options.GetTypeInfo(typeof(Activity));
        foreach (var activity in value)
        {
            JsonSerializer.Serialize(writer, activity, typeInfo);
        }

        writer.WriteEndArray();
    }
}
