using LtiPd.LtiTool.Platforms;

namespace LtiPd.LtiTool.Services;

/// <summary>Reads a paged AGS or NRPS container by following <c>rel="next"</c> links.</summary>
internal static class ServicePaging
{
    /// <summary>
    /// Reads every page from <paramref name="firstUrl"/>, handing each body to
    /// <paramref name="readPage"/>. Stops with a failure at the first failed page, at a next link
    /// already visited, or after <paramref name="maxPages"/> pages, so a partial listing is never
    /// mistaken for a whole one.
    /// </summary>
    public static async Task<ServiceResponse?> ReadAllAsync(
        LtiServiceClient client,
        PlatformRegistration registration,
        IReadOnlyCollection<string> scopes,
        string firstUrl,
        string accept,
        int maxPages,
        Action<string> readPage,
        CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var url = firstUrl;
        for (var page = 1; url is not null; page++)
        {
            if (page > maxPages || !visited.Add(url))
            {
                return new ServiceResponse
                {
                    Error = page > maxPages
                        ? $"the listing at {LtiServiceClient.UrlForLog(firstUrl)} has more than {maxPages} pages (LtiServices:MaxPages); it was not read whole"
                        : $"the listing at {LtiServiceClient.UrlForLog(firstUrl)} links back to a page already read; it was not read whole",
                };
            }

            var response = await client.SendAsync(registration, scopes, HttpMethod.Get, url, accept, null, null, cancellationToken);
            if (!response.IsSuccess)
            {
                return response;
            }

            try
            {
                readPage(response.Body);
            }
            catch (System.Text.Json.JsonException exception)
            {
                return response with { Error = $"page {page} of {LtiServiceClient.UrlForLog(firstUrl)} is not the expected JSON: {exception.Message}" };
            }

            url = LinkHeader.Find(response.Links, "next");
        }

        return null;
    }
}
