using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Tests.Messages;

/// <summary>
/// The check that lets the launch skip <see cref="Uri"/> for ordinary URLs. It must never accept a
/// string that <see cref="Uri"/> would parse differently, so the random test compares the two.
/// </summary>
public sealed class PlainHttpUrlTests
{
    [Theory]
    [InlineData("https://canvas.example.org/api/lti/courses/3/line_items", "https://canvas.example.org")]
    [InlineData("http://moodle.example.org:8080/mod/lti/services.php/2/lineitems?type_id=1", "http://moodle.example.org:8080")]
    [InlineData("https://pd.example.org", "https://pd.example.org")]
    [InlineData("https://pd.example.org?next=a#top", "https://pd.example.org")]
    [InlineData("https://a-b.c1.example/x/y;z=1/@:!$&'()*+,=~", "https://a-b.c1.example")]
    [InlineData("https://localhost:65535/", "https://localhost:65535")]
    public void IsPlain_OrdinaryUrl_TrueWithOriginLength(string url, string origin)
    {
        Assert.True(PlainHttpUrl.IsPlain(url, out var originLength));
        Assert.Equal(origin, url[..originLength]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("HTTPS://pd.example.org/")]
    [InlineData("ftp://pd.example.org/")]
    [InlineData("https://")]
    [InlineData("https:///path")]
    [InlineData("https://user@pd.example.org/")]
    [InlineData("https://pd.example.org@attacker.example.net/")]
    [InlineData("https://127.0.0.1/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://pd.example.org./")]
    [InlineData("https://.pd.example.org/")]
    [InlineData("https://pd..example.org/")]
    [InlineData("https://-pd.example.org/")]
    [InlineData("https://pd.example.123/")]
    [InlineData("https://pd.example.org:/")]
    [InlineData("https://pd.example.org:65536/")]
    [InlineData("https://pd.example.org:123456/")]
    [InlineData("https://pd.example.org\\evil.example/")]
    [InlineData("https://pd.example.org/a b")]
    [InlineData("https://pd.example.org/%41")]
    [InlineData("https://pd.example.org/a#b#c")]
    [InlineData("https://bücher.example/")]
    [InlineData("https://pd.example.org/é")]
    [InlineData("https://pd.example.org/<script>")]
    public void IsPlain_OtherShapes_False(string? url)
    {
        Assert.False(PlainHttpUrl.IsPlain(url, out _));
    }

    [Fact]
    public void IsPlain_LongerThan2048_False()
    {
        Assert.False(PlainHttpUrl.IsPlain("https://pd.example.org/" + new string('a', 2048), out _));
    }

    [Fact]
    public void IsPlain_LabelOver63Characters_False()
    {
        Assert.False(PlainHttpUrl.IsPlain("https://" + new string('a', 64) + ".example/", out _));
        Assert.True(PlainHttpUrl.IsPlain("https://" + new string('a', 63) + ".example/", out _));
    }

    [Fact]
    public void IsPlain_RandomStrings_NeverDisagreesWithUri()
    {
        // Strings built from URL fragments and stray characters; every accepted one must parse as
        // an absolute http(s) Uri with the same scheme, host and port.
        string[] pieces =
        [
            "https://", "http://", "a", "b1", "-", ".", "example", "org", ":", "8443", "0", "65535", "99999", "/", "?", "#",
            "=", "&", "@", "%", "%2F", " ", "\\", "[", "]", "é", "x.y", "..", "~", "'", "!", "*", ";", ",", "+", "$",
        ];
        var random = new Random(20261205);
        var accepted = 0;

        for (var i = 0; i < 200_000; i++)
        {
            var url = random.Next(2) == 0 ? "https://" : "http://";
            var count = random.Next(1, 12);
            for (var piece = 0; piece < count; piece++)
            {
                url += pieces[random.Next(pieces.Length)];
            }

            if (!PlainHttpUrl.IsPlain(url, out var originLength))
            {
                continue;
            }

            accepted++;
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri), url);
            var origin = new Uri(url[..originLength]);
            var hostText = url[(url.IndexOf("//", StringComparison.Ordinal) + 2)..originLength].Split(':')[0];
            Assert.Equal(hostText.ToLowerInvariant(), uri.Host);
            Assert.True(uri.Scheme is "http" or "https", url);
            Assert.Equal(origin.Scheme, uri.Scheme);
            Assert.Equal(origin.Host, uri.Host);
            Assert.Equal(origin.Port, uri.Port);
            Assert.Equal(string.Empty, uri.UserInfo);
        }

        Assert.True(accepted > 1_000, $"only {accepted} random strings were plain URLs");
    }
}
