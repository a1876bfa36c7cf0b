using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using LtiPd.LtiTool.Branding;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// The HTML frame of every learner page: landmarks (header, nav, main), a skip link, one h1,
/// visible focus, text and controls with at least 4.5:1 contrast, and a layout that works from a
/// 320 px wide iframe up.
/// </summary>
internal static class PageLayout
{
    // The only script the pages run is the award notice poll, allowed by its hash, and it may
    // fetch from this tool only. Styles are inline, frames are only the district's HTTPS videos,
    // images are the district's logo (served here or from an https URL), and forms post back to this tool.
    private static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src {AwardNoticeScript.ScriptHashSource}; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' https:; frame-src https:; form-action 'self'; base-uri 'none'";

    /// <summary>The <see cref="HttpContext.Items"/> key under which the request's <see cref="DistrictBranding"/> is kept.</summary>
    public const string BrandingItemKey = "LtiPd.Branding";

    private const string ThemeMarker = "<!--ltipd:theme-->";

    private const string DefaultBrand = "<span class=\"brand\">LtiPd professional learning</span>";

    private const string Styles = """
        *, *::before, *::after { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1b1b; background: #fff; line-height: 1.5; overflow-wrap: anywhere; }
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 0.5rem; }
        .skip:focus { left: 0.5rem; }
        header, main, footer { padding: 0.75rem 1rem; max-width: 48rem; margin: 0 auto; }
        header { border-bottom: 1px solid #6b6b6b; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; background: var(--ltipd-header, #fff); color: var(--ltipd-header-text, #1b1b1b); max-width: none; }
        header .brand { font-weight: 700; display: inline-flex; align-items: center; gap: 0.5rem; }
        header .brand img { max-height: 2.5rem; max-width: 10rem; }
        header a { color: var(--ltipd-header-link, #0b4f8a); }
        nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
        a { color: var(--ltipd-primary, #0b4f8a); }
        a:hover { color: var(--ltipd-primary-dark, #06355e); }
        :focus-visible { outline: 3px solid #b8003d; outline-offset: 2px; }
        h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
        h2 { font-size: 1.25rem; margin-top: 1.75rem; }
        h3 { font-size: 1.05rem; }
        .breadcrumbs ol { list-style: none; padding: 0; margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem; font-size: 0.95rem; }
        .breadcrumbs li + li::before { content: "/"; margin-right: 0.25rem; color: #4a4a4a; }
        .card { border: 1px solid #6b6b6b; border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 1rem; }
        .card h2, .card h3 { margin-top: 0; }
        .meta { color: #3d3d3d; font-size: 0.95rem; }
        .tag { display: inline-block; border: 1px solid #3d3d3d; border-radius: 4px; padding: 0 0.35rem; font-size: 0.85rem; margin-right: 0.25rem; }
        .done { color: #1d5e20; font-weight: 600; }
        .notice { border-left: 4px solid #0b4f8a; background: #eef4fa; padding: 0.5rem 0.75rem; margin: 1rem 0; }
        .success { border-left-color: #1d5e20; background: #edf7ed; }
        .error { border-left-color: #b8003d; background: #fcecef; }
        .placeholder { border: 2px dashed #6b6b6b; padding: 1rem; margin: 1rem 0; background: #f4f4f4; }
        progress { width: 100%; max-width: 20rem; height: 1rem; vertical-align: middle; }
        button { font: inherit; padding: 0.5rem 1rem; border-radius: 4px; border: 2px solid var(--ltipd-primary, #0b4f8a); background: var(--ltipd-primary, #0b4f8a); color: #fff; cursor: pointer; margin-top: 0.75rem; }
        button:hover { background: var(--ltipd-primary-dark, #06355e); }
        label, legend { font-weight: 600; }
        fieldset { border: 1px solid #6b6b6b; border-radius: 6px; margin: 0 0 1rem; padding: 0.5rem 0.75rem; }
        fieldset label { font-weight: 400; display: block; padding: 0.25rem 0; }
        select { font: inherit; padding: 0.4rem; border: 1px solid #4a4a4a; border-radius: 4px; max-width: 100%; }
        textarea, input[type=text], input[type=url] { font: inherit; width: 100%; padding: 0.5rem; border: 1px solid #4a4a4a; border-radius: 4px; }
        textarea { min-height: 10rem; }
        input[type=file], select { font: inherit; max-width: 100%; }
        .hint { color: #3d3d3d; font-size: 0.95rem; margin: 0.25rem 0; }
        .table-scroll { overflow-x: auto; margin: 1rem 0; }
        table { border-collapse: collapse; min-width: 28rem; }
        th, td { border: 1px solid #6b6b6b; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; font-size: 0.95rem; }
        caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
        .video { position: relative; width: 100%; aspect-ratio: 16 / 9; border: 0; }
        ul.plain { list-style: none; padding: 0; }
        .pager { margin-top: 1.5rem; }
        """;

    /// <summary>A link in the breadcrumb trail; the last entry is the current page and has no link.</summary>
    public readonly record struct Crumb(string Label, string? Href);

    // The learner menu links to pages that need a session, so public pages leave it out.
    private const string LearnerMenu = """
        <nav aria-label="LtiPd">
        <ul><li><a href="/app">My dashboard</a></li><li><a href="/app/pathways/mine">My pathway</a></li><li><a href="/app/modules">Module catalog</a></li><li><a href="/app/recognition">Points and badges</a></li><li><a href="/app/records">My PD records</a></li></ul>
        </nav>

        """;

    /// <summary>Renders a page in the frame. Pass <paramref name="learnerMenu"/> false on a public page to leave out the learner menu.</summary>
    public static string Render(string title, string body, IReadOnlyList<Crumb>? breadcrumbs = null, bool learnerMenu = true)
    {
        var encodedTitle = Encode(title);
        var menu = learnerMenu ? LearnerMenu : string.Empty;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{encodedTitle}} - LtiPd</title>
            <style>
            {{Styles}}
            </style>
            {{ThemeMarker}}
            </head>
            <body>
            <a class="skip" href="#main">Skip to main content</a>
            <header>
            {{DefaultBrand}}
            {{menu}}</header>
            <main id="main" tabindex="-1">
            """);
        html.Append('\n');
        if (breadcrumbs is { Count: > 0 })
        {
            html.Append("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\"><ol>");
            for (var index = 0; index < breadcrumbs.Count; index++)
            {
                var crumb = breadcrumbs[index];
                html.Append(index == breadcrumbs.Count - 1 || crumb.Href is null
                    ? $"<li><a aria-current=\"page\">{Encode(crumb.Label)}</a></li>"
                    : $"<li><a href=\"{Encode(crumb.Href)}\">{Encode(crumb.Label)}</a></li>");
            }

            html.Append("</ol></nav>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<h1>{encodedTitle}</h1>\n");
        html.Append(body);
        html.Append("\n</main>\n");
        if (body.Contains($"id=\"{AwardNoticeScript.RegionId}\"", StringComparison.Ordinal))
        {
            html.Append(AwardNoticeScript.ScriptElement);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Wraps a page in a response that is never cached and allows no script but the award notice poll.</summary>
    public static IResult Result(HttpContext context, string html, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(html);
        if (context.Items.TryGetValue(BrandingItemKey, out var item) && item is DistrictBranding branding)
        {
            html = ApplyBranding(html, branding);
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, statusCode);
    }

    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>
    /// Puts the district's colours (as CSS custom properties), logo and name into a rendered page.
    /// Colours are parsed again here, so only a <c>#rrggbb</c> value ever reaches the style element.
    /// </summary>
    private static string ApplyBranding(string html, DistrictBranding branding)
    {
        var theme = new StringBuilder();
        if (HexColor.Parse(branding.PrimaryColor) is { } primary)
        {
            theme.Append(CultureInfo.InvariantCulture, $"--ltipd-primary: {primary}; --ltipd-primary-dark: {primary.DarkenedFor(7)}; ");
        }

        if (HexColor.Parse(branding.HeaderColor) is { } header && HexColor.Parse(branding.HeaderTextColor) is { } headerText)
        {
            theme.Append(CultureInfo.InvariantCulture, $"--ltipd-header: {header}; --ltipd-header-text: {headerText}; --ltipd-header-link: {headerText}; ");
        }

        if (theme.Length > 0)
        {
            html = html.Replace(ThemeMarker, $"<style>:root {{ {theme}}}</style>", StringComparison.Ordinal);
        }

        var name = string.IsNullOrWhiteSpace(branding.DisplayName) ? "LtiPd professional learning" : branding.DisplayName;
        var logo = branding.LogoSource is { } source
            ? $"<img src=\"{Encode(source)}\" alt=\"\">"
            : string.Empty;
        return html.Replace(DefaultBrand, $"<span class=\"brand\" data-testid=\"brand\">{logo}{Encode(name)}</span>", StringComparison.Ordinal);
    }
}
