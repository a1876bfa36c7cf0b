using System.Text.Json;
using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// Source-generated JSON metadata for the xAPI model: camelCase names, nulls left out, times
/// written in UTC. Use <see cref="XapiJson.Options"/> to serialize.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Statement))]
[JsonSerializable(typeof(List<Statement>))]
[JsonSerializable(typeof(IList<Statement>))]
[JsonSerializable(typeof(StatementsResult))]
[JsonSerializable(typeof(About))]
[JsonSerializable(typeof(Agent))]
[JsonSerializable(typeof(Group))]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(StatementRef))]
[JsonSerializable(typeof(SubStatement))]
[JsonSerializable(typeof(List<Guid>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class XapiJsonContext : JsonSerializerContext;
