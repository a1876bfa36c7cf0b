using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LtiPd.XapiBridge.Lrs.Statements;

/// <summary>
/// Decides whether two statements carry the same content (xAPI 1.0.3 Data 2.3, statement
/// comparison): properties the LRS sets (<c>stored</c>, <c>authority</c>, <c>version</c>) are
/// ignored, object property order is ignored, and numbers and timestamps compare by value.
/// </summary>
internal static partial class StatementComparer
{
    private static readonly string[] LrsAssigned = ["stored", "authority", "version"];

    /// <summary>Compares a received statement with a stored one.</summary>
    /// <param name="received">The statement as the client sent it (after the LRS assigned an id).</param>
    /// <param name="stored">The statement as stored.</param>
    /// <param name="ignored">Further top-level properties to ignore, such as <c>attachments</c>.</param>
    public static bool SameContent(JsonElement received, JsonElement stored, params string[] ignored)
    {
        if (received.ValueKind != JsonValueKind.Object || stored.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var skip = new HashSet<string>(LrsAssigned.Concat(ignored), StringComparer.Ordinal);

        // The LRS fills in a missing timestamp with the stored time, so it only counts when sent.
        if (!received.TryGetProperty("timestamp", out var receivedTimestamp))
        {
            skip.Add("timestamp");
        }
        else if (stored.TryGetProperty("timestamp", out var storedTimestamp))
        {
            skip.Add("timestamp");
            if (!SameInstant(receivedTimestamp, storedTimestamp))
            {
                return false;
            }
        }

        if (!received.TryGetProperty("id", out _) || !stored.TryGetProperty("id", out _))
        {
            skip.Add("id");
        }

        var receivedNames = received.EnumerateObject().Where(p => !skip.Contains(p.Name)).ToList();
        var storedNames = stored.EnumerateObject().Where(p => !skip.Contains(p.Name)).ToList();
        if (receivedNames.Count != storedNames.Count)
        {
            return false;
        }

        foreach (var property in receivedNames)
        {
            if (!stored.TryGetProperty(property.Name, out var other) || !SameValue(property.Value, other, property.Name))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameValue(JsonElement left, JsonElement right, string? name = null)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        switch (left.ValueKind)
        {
            case JsonValueKind.Object:
                var leftProperties = left.EnumerateObject().ToList();
                if (leftProperties.Count != right.EnumerateObject().Count())
                {
                    return false;
                }

                return leftProperties.All(property =>
                    right.TryGetProperty(property.Name, out var value) && SameValue(property.Value, value, property.Name));

            case JsonValueKind.Array:
                var leftItems = left.EnumerateArray().ToList();
                var rightItems = right.EnumerateArray().ToList();
                return leftItems.Count == rightItems.Count && leftItems.Zip(rightItems).All(pair => SameValue(pair.First, pair.Second));

            case JsonValueKind.String:
                return SameString(left.GetString()!, right.GetString()!, name);

            case JsonValueKind.Number:
                return left.TryGetDecimal(out var leftNumber) && right.TryGetDecimal(out var rightNumber)
                    ? leftNumber == rightNumber
                    : left.GetDouble().Equals(right.GetDouble());

            default:
                return true;
        }
    }

    private static bool SameString(string left, string right, string? name)
    {
        // UUIDs compare without case; durations compare to 0.01 s (xAPI 1.0.3 Data 4.6).
        if (name == "id" && Guid.TryParse(left, out var leftId) && Guid.TryParse(right, out var rightId))
        {
            return leftId == rightId;
        }

        if (name == "duration")
        {
            return string.Equals(TruncateSeconds(left), TruncateSeconds(right), StringComparison.Ordinal);
        }

        return string.Equals(left, right, StringComparison.Ordinal);
    }

    /// <summary>Cuts the seconds of an ISO 8601 duration to hundredths and drops trailing zeros.</summary>
    private static string TruncateSeconds(string duration)
    {
        var match = SecondsPart().Match(duration);
        if (!match.Success)
        {
            return duration;
        }

        var fraction = match.Groups["fraction"].Value;
        fraction = fraction.Length > 2 ? fraction[..2] : fraction;
        fraction = fraction.TrimEnd('0');
        var seconds = match.Groups["whole"].Value + (fraction.Length > 0 ? "." + fraction : "") + "S";
        return duration[..match.Index] + seconds + duration[(match.Index + match.Length)..];
    }

    [GeneratedRegex(@"(?<whole>\d+)(?:\.(?<fraction>\d+))?S", RegexOptions.CultureInvariant)]
    private static partial Regex SecondsPart();

    private static bool SameInstant(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != JsonValueKind.String || right.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var leftText = left.GetString()!;
        var rightText = right.GetString()!;
        if (DateTimeOffset.TryParse(leftText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var leftInstant)
            && DateTimeOffset.TryParse(rightText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rightInstant))
        {
            return leftInstant == rightInstant;
        }

        return string.Equals(leftText, rightText, StringComparison.Ordinal);
    }
}
