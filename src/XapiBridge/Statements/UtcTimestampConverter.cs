using System.Text.Json;
using System.Text.Json.Serialization;
using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// Reads ISO 8601 timestamps with any offset and writes them in UTC with milliseconds
/// (<c>2024-05-01T10:00:00.123Z</c>), the form xAPI 2.0 expects an LRS to return.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (!XapiFormats.TryParseTimestamp(text, out var timestamp))
        {
            throw new JsonException($"'{text}' is not an ISO 8601 timestamp.");
        }

        return timestamp.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(XapiFormats.FormatTimestamp(value));
}
