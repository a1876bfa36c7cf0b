using System.Text.Json;

namespace LtiPd.LtiTool.Messages;

/// <summary>
/// The top-level claims of an id_token payload, indexed by name once. A launch reads about 30
/// claims, and <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> scans every
/// property for each one. When a name occurs twice, the last one counts, as JSON parsers that
/// keep one value usually do.
/// </summary>
public sealed class TopLevelClaims
{
    private readonly Dictionary<string, JsonElement> _claims;

    private TopLevelClaims(Dictionary<string, JsonElement> claims)
    {
        _claims = claims;
    }

    /// <summary>Indexes the properties of <paramref name="payload"/>; a payload that is not an object has none.</summary>
    public static TopLevelClaims Index(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return new TopLevelClaims(new Dictionary<string, JsonElement>(StringComparer.Ordinal));
        }

        // The table is sized once, because the 30 claims of a Canvas launch would otherwise grow it four times.
        var claims = new Dictionary<string, JsonElement>(payload.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            claims[property.Name] = property.Value;
        }

        return new TopLevelClaims(claims);
    }

    /// <summary>Finds the claim <paramref name="name"/>.</summary>
    public bool TryGet(string name, out JsonElement value) => _claims.TryGetValue(name, out value);
}
