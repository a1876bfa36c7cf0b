using Ganss.Xss;
using Markdig;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Turns Markdown into HTML that is safe to embed in a page: Markdig parses it with raw HTML
/// disabled (so a <c>&lt;script&gt;</c> stays text), and HtmlSanitizer then removes what Markdown
/// itself can still produce, such as a <c>javascript:</c> link. Used for catalog bodies and for
/// learners' own text.
/// </summary>
public sealed class SafeHtml
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    // Shared by every request: the HtmlSanitizer 11.0.26 README states that Sanitize is
    // thread-safe on one instance as long as no property changes after set-up, and none does.
    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <summary>Renders <paramref name="markdown"/> to sanitised HTML.</summary>
    public string FromMarkdown(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var html = Markdown.ToHtml(markdown, _pipeline);
        return _sanitizer.Sanitize(html);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();

        // Images and inline styles are not needed in PD text, and each is a way to load content
        // from elsewhere or to disguise a link.
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        return sanitizer;
    }
}
