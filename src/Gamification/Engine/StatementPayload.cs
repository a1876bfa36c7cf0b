using System.Text.Json;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Engine;

/// <summary>Serializes the engine's copy of a processed statement for replay.</summary>
internal static class StatementPayload
{
    public static string Serialize(GamificationStatement statement) =>
        JsonSerializer.Serialize(statement, StatementPayloadJsonContext.Default.GamificationStatement);

    public static GamificationStatement Deserialize(string json)
    {
        var statement = JsonSerializer.Deserialize(json, StatementPayloadJsonContext.Default.GamificationStatement)
            ?? throw new JsonException("A stored statement payload is JSON null.");

        // NOTE: copies stored before fields were included hold the learner account as {}. Such a
        // review is replayed as naming no learner, so a rebuild credits its reviewer.
        return statement.LearnerAccount is { HomePage: null } or { Name: null } ? statement with { LearnerAccount = null } : statement;
    }
}
