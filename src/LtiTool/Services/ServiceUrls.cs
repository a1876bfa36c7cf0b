namespace LtiPd.LtiTool.Services;

/// <summary>Builds AGS service URLs from a platform's line item URL, which is opaque.</summary>
public static class ServiceUrls
{
    /// <summary>
    /// Appends <paramref name="segment"/> (such as <c>scores</c>) to the path of
    /// <paramref name="url"/> and keeps its query and fragment as they are. Moodle's line item URLs
    /// carry <c>?type_id=</c>, so naive string concatenation would put the segment into the query.
    /// </summary>
    public static string AppendPath(string url, string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(segment);
        var end = url.IndexOfAny(['?', '#']);
        var path = end < 0 ? url : url[..end];
        var rest = end < 0 ? string.Empty : url[end..];
        return path.TrimEnd('/') + "/" + segment + rest;
    }

    /// <summary>Adds query parameters to <paramref name="url"/>, before any fragment, keeping the ones it has.</summary>
    public static string AddQuery(string url, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentNullException.ThrowIfNull(parameters);
        var pairs = parameters
            .Where(pair => !string.IsNullOrEmpty(pair.Value))
            .Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value!))
            .ToList();
        if (pairs.Count == 0)
        {
            return url;
        }

        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var beforeFragment = hash < 0 ? url : url[..hash];
        var fragment = hash < 0 ? string.Empty : url[hash..];
        var separator = beforeFragment.Contains('?', StringComparison.Ordinal)
            ? (beforeFragment.EndsWith('?') || beforeFragment.EndsWith('&') ? string.Empty : "&")
            : "?";
        return beforeFragment + separator + string.Join('&', pairs) + fragment;
    }
}
