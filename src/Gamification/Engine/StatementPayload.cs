using System.Text.Json;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Engine;

/// <summary>Serializes the engine's copy of a processed statement for replay.</summary>
internal static class StatementPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(GamificationStatement statement) => JsonSerializer.Serialize(statement, Options);

    public static GamificationStatement Deserialize(string json) =>
        JsonSerializer.Deserialize<GamificationStatement>(json, Options)
            ?? throw new JsonException("A stored statement payload is JSON null.");
}
