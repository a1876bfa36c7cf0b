using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace LtiPd.LtiTool.IntegrationTests.Lrs;

/// <summary>Bodies that are not UTF-8, or escape half a surrogate pair, get a 400 naming the problem and store nothing.</summary>
public sealed class UnicodeBodyTests : IClassFixture<LrsApiFactory>
{
    private readonly LrsApiFactory _factory;

    public UnicodeBodyTests(LrsApiFactory factory)
    {
        _factory = factory;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadStatements => new()
    {
        // The bytes C3 28 stand for a two-byte UTF-8 sequence with an invalid second byte.
        { "actor name not UTF-8", "{\"actor\":{\"mbox\":\"MBOX\",\"name\":\"Ada \u00C3(\"},VERB,OBJECT}" },
        { "extension key not UTF-8", "{\"actor\":{\"mbox\":\"MBOX\"},VERB,OBJECT,\"result\":{\"extensions\":{\"https://pd.example.edu/\u00FF\":1}}}" },
        { "actor name lone high surrogate", "{\"actor\":{\"mbox\":\"MBOX\",\"name\":\"Ada \\ud800\"},VERB,OBJECT}" },
        { "extension value lone low surrogate", "{\"actor\":{\"mbox\":\"MBOX\"},VERB,OBJECT,\"result\":{\"extensions\":{\"https://pd.example.edu/x\":\"\\udc00\"}}}" },
    };

    [Theory]
    [MemberData(nameof(BadStatements))]
    public async Task PostStatement_InvalidText_400AndNotStored(string label, string template)
    {
        using var client = _factory.CreateLrsClient();
        var mbox = $"mailto:{Guid.NewGuid():N}@district.example";
        var body = template
            .Replace("MBOX", mbox, StringComparison.Ordinal)
            .Replace("VERB", "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"}", StringComparison.Ordinal)
            .Replace("OBJECT", "\"object\":{\"id\":\"https://pd.example.edu/courses/literacy-101\"}", StringComparison.Ordinal);

        using var response = await client.PostAsync("/xapi/statements", RawJson(body), Token);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{label}: {(int)response.StatusCode}");
        var problem = await Json.ReadAsync(response);
        Assert.Equal("body", problem["field"]!.GetValue<string>());
        Assert.StartsWith("The body is not valid JSON: the ", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        using var stored = await client.GetAsync($"/xapi/statements?agent={Uri.EscapeDataString($"{{\"mbox\":\"{mbox}\"}}")}", Token);
        Assert.Empty((await Json.ReadAsync(stored))["statements"]!.AsArray());
    }

    [Fact]
    public async Task PutStateDocument_NotUtf8_400AndNotStored()
    {
        using var client = _factory.CreateLrsClient();
        var url = "/xapi/activities/state?activityId=" + Uri.EscapeDataString("https://pd.example.edu/state/" + Guid.NewGuid())
            + "&agent=" + Uri.EscapeDataString("{\"mbox\":\"mailto:teacher@district.example\"}") + "&stateId=draft";

        using var response = await client.PutAsync(url, RawJson("{\"draft\":\"\u00C3(\"}"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            "The document is sent as application/json but is not valid JSON: the bytes at offset 10 are not valid UTF-8. Send the body encoded as UTF-8",
            (await Json.ReadAsync(response))["detail"]!.GetValue<string>());
        using var stored = await client.GetAsync(url, Token);
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    /// <summary>The body as bytes: each char below U+0100 becomes the one byte of that value, so a test can write bytes that are not UTF-8.</summary>
    private static ByteArrayContent RawJson(string text)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
