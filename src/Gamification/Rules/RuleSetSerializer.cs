using System.Text.Json;
using System.Text.Json.Serialization;

namespace LtiPd.Gamification.Rules;

/// <summary>Reads and writes rule sets as the JSON stored per district version.</summary>
public static class RuleSetSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serializes <paramref name="rules"/>.</summary>
    public static string Serialize(RuleSet rules) => JsonSerializer.Serialize(rules, Options);

    /// <summary>Deserializes a stored rule set; throws <see cref="JsonException"/> when the JSON is not one.</summary>
    public static RuleSet Deserialize(string json) =>
        JsonSerializer.Deserialize<RuleSet>(json, Options) ?? throw new JsonException("The stored rule set is JSON null.");
}
