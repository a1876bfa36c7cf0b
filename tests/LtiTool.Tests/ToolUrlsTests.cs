using LtiPd.LtiTool.Launch;

namespace LtiPd.LtiTool.Tests;

public sealed class ToolUrlsTests
{
    [Theory]
    [InlineData("https://pd.example.org/lti/launch", true)]
    [InlineData("https://pd.example.org/app?course=1#top", true)]
    [InlineData("https://pd.example.org", true)]
    [InlineData("https://pd.example.org?next=1", true)]
    [InlineData("https://pd.example.org/a b", true)]
    [InlineData("https://pd.example.orgx/lti/launch", false)]
    [InlineData("https://PD.Example.ORG/lti/launch", true)]
    [InlineData("HTTPS://pd.example.org/lti/launch", true)]
    [InlineData("https://pd.example.org:443/lti/launch", true)]
    [InlineData("https://pd.example.org:8443/lti/launch", false)]
    [InlineData("http://pd.example.org/lti/launch", false)]
    [InlineData("http://pd.example.org:443/lti/launch", false)]
    [InlineData("https://user:secret@pd.example.org/lti/launch", false)]
    [InlineData("https://pd.example.org@attacker.example.net/lti/launch", false)]
    [InlineData("https://pd.example.org.attacker.example.net/lti/launch", false)]
    [InlineData("https://attacker.example.net/?next=https://pd.example.org/", false)]
    [InlineData("//pd.example.org/lti/launch", false)]
    [InlineData("/lti/launch", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsOwnUrl_DefaultPort_SameSchemeHostPortOnly(string? url, bool expected)
    {
        var urls = new ToolUrls("https://pd.example.org/ignored/path");

        Assert.Equal(expected, urls.IsOwnUrl(url));
    }

    [Theory]
    [InlineData("https://localhost:5001/lti/launch", true)]
    [InlineData("https://localhost/lti/launch", false)]
    [InlineData("https://localhost:5002/lti/launch", false)]
    [InlineData("https://127.0.0.1:5001/lti/launch", false)]
    public void IsOwnUrl_ExplicitPort_PortMustMatch(string url, bool expected)
    {
        var urls = new ToolUrls("https://localhost:5001");

        Assert.Equal(expected, urls.IsOwnUrl(url));
    }

    [Fact]
    public void IsOwnUrl_UnicodeHost_MatchesPunycode()
    {
        var urls = new ToolUrls("https://xn--bcher-kva.example");

        Assert.True(urls.IsOwnUrl("https://bücher.example/lti/launch"));
    }

    [Fact]
    public void Urls_FromBaseWithPath_UseOriginOnly()
    {
        var urls = new ToolUrls("https://pd.example.org:8443/some/path/");

        Assert.Equal("https://pd.example.org:8443", urls.Origin);
        Assert.Equal("https://pd.example.org:8443/lti/launch", urls.LaunchUrl);
        Assert.Equal("https://pd.example.org:8443/lti/login", urls.LoginUrl);
        Assert.Equal("https://pd.example.org:8443/.well-known/jwks.json", urls.JwksUrl);
    }
}
