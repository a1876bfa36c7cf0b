using System.Text.Json;
using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>Reads a statement's object by its <c>objectType</c> (Activity when absent).</summary>
internal sealed class StatementTargetConverter : JsonConverter<StatementTarget>
{
    public override StatementTarget? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        return XapiJsonConverters.ObjectTypeOf(element) switch
        {
            null or "Activity" => XapiJsonConverters.Deserialize<Activity>(element, options),
            "Agent" => XapiJsonConverters.Deserialize<Agent>(element, options),
            "Group" => XapiJsonConverters.Deserialize<Group>(element, options),
            "StatementRef" => XapiJsonConverters.Deserialize<StatementRef>(element, options),
            "SubStatement" => XapiJsonConverters.Deserialize<SubStatement>(element, options),
            var other => throw new JsonException($"Statement object type '{other}' is not one of Activity, Agent, Group, StatementRef or SubStatement."),
        };
    }

    public override void Write(Utf8JsonWriter writer, StatementTarget value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
}
