using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>HTML helpers for the dev platform's pages. Every value from a request or the database goes through <see cref="Encode"/>.</summary>
internal static class DevHtml
{
    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    /// <summary>A page that posts <paramref name="fields"/> to <paramref name="action"/> as soon as it loads.</summary>
    public static IResult AutoPost(string action, IReadOnlyDictionary<string, string?> fields)
    {
        var inputs = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                inputs.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">\n");
            }
        }

        var body = $$"""
            <form method="post" action="{{Encode(action)}}">
            {{inputs}}<noscript><button type="submit">Continue</button></noscript>
            </form>
            <script>document.forms[0].submit();</script>
            """;
        return Page("Launching", body, StatusCodes.Status200OK, noStore: true);
    }

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK, bool noStore = true)
    {
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}} - LtiPd dev LMS</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; line-height: 1.45; }
            header { background: #2d3b45; color: #fff; padding: 0.6rem 1.2rem; }
            header a { color: #fff; margin-right: 1rem; }
            main { display: flex; gap: 1.2rem; padding: 1rem 1.2rem; }
            nav.course { min-width: 18rem; }
            iframe { flex: 1; min-height: 600px; border: 1px solid #c7cdd1; }
            table { border-collapse: collapse; }
            td, th { border: 1px solid #c7cdd1; padding: 0.3rem 0.6rem; text-align: left; }
            .selected { font-weight: 700; }
            </style>
            </head>
            <body>
            <header><strong>LtiPd dev LMS</strong> (Development only) &middot; <a href="/devlms">Course</a><a href="/devlms/grades">Grades</a></header>
            {{body}}
            </body>
            </html>
            """;
        return new HtmlResult(html, status, noStore);
    }

    private sealed class HtmlResult(string html, int status, bool noStore) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            if (noStore)
            {
                httpContext.Response.Headers.CacheControl = "no-store";
            }

            await httpContext.Response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
