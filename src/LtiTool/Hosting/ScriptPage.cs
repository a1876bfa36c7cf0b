using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;

namespace LtiPd.LtiTool.Hosting;

/// <summary>
/// A small HTML page that runs one inline script under a strict Content Security Policy: the
/// script carries a fresh per-response nonce, no other script or resource may load, and forms may
/// post only to the origins given. Deep Linking and the cookie-less launch use it.
/// </summary>
internal static class ScriptPage
{
    /// <summary>
    /// Returns the page. <paramref name="body"/> is trusted HTML (encode every value in it);
    /// <paramref name="script"/> is trusted JavaScript; <paramref name="formActions"/> are the
    /// origins its forms may post to.
    /// </summary>
    public static IResult Result(HttpContext context, string title, string body, string script, IEnumerable<string> formActions)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var sources = string.Join(' ', formActions.Select(CspSource).Distinct(StringComparer.Ordinal));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; form-action {(sources.Length == 0 ? "'none'" : sources)}; base-uri 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // Not no-referrer: that would make the browser send "Origin: null" on a form post, and the
        // launch relay relies on the Origin header of its own post.
        context.Response.Headers["Referrer-Policy"] = "strict-origin";

        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}} - LtiPd</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; color: #1b1b1b; line-height: 1.5; }
            button { font: inherit; padding: 0.5rem 1rem; border-radius: 4px; border: 2px solid #0b4f8a; background: #0b4f8a; color: #fff; cursor: pointer; }
            a { color: #0b4f8a; }
            :focus-visible { outline: 3px solid #b8003d; outline-offset: 2px; }
            </style>
            </head>
            <body>
            <main>
            {{body}}
            </main>
            <script nonce="{{nonce}}">
            {{script}}
            </script>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Encodes text for HTML element content and attribute values.</summary>
    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>Encodes a value as a JavaScript string literal that is safe inside a script element.</summary>
    public static string JsString(string value) => "\"" + JavaScriptEncoder.Default.Encode(value) + "\"";

    // A CSP source is the origin only: a path in form-action would also match, but the origin is
    // what the browser must be allowed to post to, and a path with a query cannot be written there.
    private static string CspSource(string url) =>
        url == "'self'" ? url : new Uri(url, UriKind.Absolute).GetLeftPart(UriPartial.Authority);
}
