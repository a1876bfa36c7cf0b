using AngleSharp.Html.Parser;
using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Tests.Catalog;

public sealed class SafeHtmlTests
{
    private readonly SafeHtml _safeHtml = new();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![x](https://example.org/x.png \"x\" onerror=alert(1))")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>")]
    public void FromMarkdown_Attack_ProducesNoActiveContent(string markdown)
    {
        var html = _safeHtml.FromMarkdown(markdown);

        // Escaped text such as "&lt;img onerror=...&gt;" is harmless, so inspect the parsed DOM.
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, img, svg, iframe, object, embed, style"));
        foreach (var element in document.All)
        {
            Assert.DoesNotContain(element.Attributes, attribute => attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            var url = element.GetAttribute("href") ?? element.GetAttribute("src") ?? string.Empty;
            Assert.False(url.Contains("javascript:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("data:", StringComparison.OrdinalIgnoreCase), url);
        }
    }

    [Fact]
    public void FromMarkdown_OrdinaryText_KeepsStructure()
    {
        var html = _safeHtml.FromMarkdown("## Plan\n\n- **one**\n- *two*\n\n[guide](https://example.org/guide)");

        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>one</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>two</em>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/guide\">guide</a>", html, StringComparison.Ordinal);
    }
}
