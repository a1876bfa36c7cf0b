using System.Text.Json;
using System.Text.Json.Serialization;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Engine;

/// <summary>
/// Source-generated JSON metadata for <see cref="StatementPayload"/>. The engine writes one
/// copy per statement, and the reflection serializer built its converters and member accessors
/// at run time, which the JIT then compiled during the first batches.
/// </summary>
/// <remarks>
/// IncludeFields writes the Item1 and Item2 fields of the learner account tuple, which a review
/// naming its learner only in the context agent needs again in a rebuild.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, IncludeFields = true)]
[JsonSerializable(typeof(GamificationStatement))]
internal sealed partial class StatementPayloadJsonContext : JsonSerializerContext;
