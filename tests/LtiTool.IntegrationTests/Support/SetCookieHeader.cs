namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>One parsed <c>Set-Cookie</c> header: name, value and attributes as sent.</summary>
/// <param name="Name">The cookie name.</param>
/// <param name="Value">The cookie value.</param>
/// <param name="Attributes">The attributes, keyed case-insensitively; flags such as Secure have an empty value.</param>
public sealed record SetCookieHeader(string Name, string Value, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Whether the header deletes the cookie (an expiry in the past or Max-Age 0).</summary>
    public bool IsDeletion =>
        (Attributes.TryGetValue("max-age", out var maxAge) && maxAge == "0")
        || (Attributes.TryGetValue("expires", out var expires)
            && DateTimeOffset.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            && at < DateTimeOffset.UtcNow);

    /// <summary>Whether the attribute <paramref name="name"/> is present.</summary>
    public bool Has(string name) => Attributes.ContainsKey(name);

    /// <summary>Parses every Set-Cookie header of <paramref name="response"/>.</summary>
    public static IReadOnlyList<SetCookieHeader> All(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(Parse).ToList()
            : [];
    }

    /// <summary>Parses one header value.</summary>
    public static SetCookieHeader Parse(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var parts = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var nameValue = parts[0].Split('=', 2);
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var pair = part.Split('=', 2);
            attributes[pair[0]] = pair.Length == 2 ? pair[1] : "";
        }

        return new SetCookieHeader(nameValue[0], nameValue.Length == 2 ? nameValue[1] : "", attributes);
    }
}
