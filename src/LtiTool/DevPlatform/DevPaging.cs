using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Paging by <c>limit</c> with RFC 8288 <c>Link</c> headers, as AGS 2.0 and NRPS 2.0 describe. The page number in the next link is opaque to the tool.
/// </summary>
internal static class DevPaging
{
    /// <summary>Returns the page of <paramref name="items"/> the request names and sets the Link header for the next page.</summary>
    public static IReadOnlyList<T> Apply<T>(HttpContext httpContext, string containerUrl, IReadOnlyList<T> items)
    {
        var query = httpContext.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsedLimit) && parsedLimit > 0
            ? parsedLimit
            : int.MaxValue;
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPage) && parsedPage > 0
            ? parsedPage
            : 1;

        var skip = (long)(page - 1) * limit;
        var pageItems = items.Skip((int)Math.Min(skip, items.Count)).Take(limit).ToList();
        if (skip + pageItems.Count < items.Count)
        {
            var next = new Dictionary<string, string?>(query.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value.ToString())))
            {
                ["page"] = (page + 1).ToString(CultureInfo.InvariantCulture),
            };
            httpContext.Response.Headers.Link = $"<{QueryHelpers.AddQueryString(containerUrl, next)}>; rel=\"next\"";
        }

        return pageItems;
    }
}
