using System.Text.Json;
using LtiPd.XapiBridge.Statements;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>
/// Decides whether the statement an LRS already stores under an id is the one LtiPd sent. The LRS
/// adds <c>stored</c>, <c>authority</c> and <c>version</c> and may reorder properties, change the
/// time offset or turn a single context activity into an array, so both sides are read into the
/// model and written again before a comparison that ignores property order.
/// </summary>
internal static class StatementEquivalence
{
    public static bool AreEquivalent(string sentJson, Statement stored)
    {
        var sent = XapiJson.Deserialize(sentJson);
        return JsonEquals(Normalise(sent), Normalise(stored));
    }

    private static JsonElement Normalise(Statement statement)
    {
        var copy = XapiJson.Deserialize(XapiJson.Serialize(statement));
        copy.Stored = null;
        copy.Authority = null;
        copy.Version = null;
        return XapiJson.SerializeToElement(copy);
    }

    private static bool JsonEquals(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        switch (left.ValueKind)
        {
            case JsonValueKind.Object:
                var rightProperties = right.EnumerateObject().ToDictionary(property => property.Name, property => property.Value, StringComparer.Ordinal);
                var leftCount = 0;
                foreach (var property in left.EnumerateObject())
                {
                    leftCount++;
                    if (!rightProperties.TryGetValue(property.Name, out var value) || !JsonEquals(property.Value, value))
                    {
                        return false;
                    }
                }

                return leftCount == rightProperties.Count;
            case JsonValueKind.Array:
                return left.GetArrayLength() == right.GetArrayLength()
                    && left.EnumerateArray().Zip(right.EnumerateArray()).All(pair => JsonEquals(pair.First, pair.Second));
            case JsonValueKind.Number:
                return left.TryGetDecimal(out var leftNumber) && right.TryGetDecimal(out var rightNumber)
                    ? leftNumber == rightNumber
                    : left.GetRawText() == right.GetRawText();
            default:
                return left.GetRawText() == right.GetRawText();
        }
    }
}
