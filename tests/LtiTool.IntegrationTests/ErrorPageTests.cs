using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>The page (or problem details) a rejected launch shows inside the LMS iframe.</summary>
public sealed partial class ErrorPageTests(SharedLtiTool tool) : IClassFixture<SharedLtiTool>
{
    private const string Script = "<script>alert('x')</script>";

    [Fact]
    public async Task ErrorPage_ClaimWithScript_ShowsReasonAndReferenceEncoded()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());
        var idToken = platform.Token(login).With(LtiClaimNames.MessageType, Script).Build();

        using var response = await attempt.Browser.LaunchAsync(login, idToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Contains("<meta name=\"ltipd-reason\" content=\"message_type_unsupported\">", html, StringComparison.Ordinal);
        Assert.Contains("<code>message_type_unsupported</code>", html, StringComparison.Ordinal);
        Assert.Matches(ReferencePattern(), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        AssertNoTokenText(html, idToken);
    }

    [Fact]
    public async Task ErrorPage_ErrorDescriptionWithMarkup_Encoded()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());

        using var response = await attempt.Browser.LaunchAsync(new Dictionary<string, string>
        {
            ["error"] = "invalid_request",
            ["error_description"] = "<img src=x onerror=alert(1)>" + Script,
            ["state"] = login.State,
        });
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>platform_error</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorPage_SignatureInvalid_EchoesNoTokenText()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());
        var idToken = platform.Token(login).WithCorruptSignature().Build();

        using var response = await attempt.Browser.LaunchAsync(login, idToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("signature_invalid", response.Headers.GetValues("X-LtiPd-Reason").Single());
        AssertNoTokenText(html, idToken);
    }

    [Fact]
    public async Task ErrorPage_TwoRejections_DifferentReferences()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);

        using var first = await attempt.LaunchAsync(token => token.Without("sub"));
        using var second = await attempt.LaunchAsync(token => token.Without("sub"));
        var firstReference = ReferencePattern().Match(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Groups["id"].Value;
        var secondReference = ReferencePattern().Match(await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Groups["id"].Value;

        Assert.NotEqual("", firstReference);
        Assert.NotEqual(firstReference, secondReference);
    }

    [Fact]
    public async Task ErrorPage_AcceptJson_ReturnsProblemDetails()
    {
        var platform = await tool.Host.RegisterPlatformAsync();
        using var attempt = new LaunchAttempt(tool.Host, platform);
        var login = await attempt.Browser.LoginAsync(platform.Login());
        var idToken = platform.Token(login).With("iss", "https://other-lms.example.org").Build();

        using var response = await attempt.Browser.LaunchAsync(
            new Dictionary<string, string> { ["state"] = login.State, ["id_token"] = idToken },
            accept: "application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("issuer_mismatch", response.Headers.GetValues("X-LtiPd-Reason").Single());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("issuer_mismatch", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("validate issuer", problem.RootElement.GetProperty("step").GetString());
        Assert.NotEqual("", problem.RootElement.GetProperty("correlation_id").GetString());
        Assert.DoesNotContain(idToken, problem.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    private static void AssertNoTokenText(string body, string idToken)
    {
        var parts = idToken.Split('.');
        Assert.DoesNotContain(idToken, body, StringComparison.Ordinal);
        Assert.DoesNotContain(parts[1], body, StringComparison.Ordinal);
        Assert.DoesNotContain(parts[2], body, StringComparison.Ordinal);
    }

    [GeneratedRegex("<dt>Reference</dt><dd><code>(?<id>[^<]+)</code></dd>")]
    private static partial Regex ReferencePattern();
}
