using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LtiPd.LtiTool.IntegrationTests.Support;
using LtiPd.LtiTool.Jwks;
using LtiPd.LtiTool.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.DeepLinking;

/// <summary>
/// A PD leader's deep linking launch from a registered mock platform, and the calls the picker
/// page makes: the launch is a real login and a signed id_token, and the response JWT is read
/// back and verified with the tool's published keys.
/// </summary>
internal sealed partial class DeepLinkingLaunch : IDisposable
{
    public const string ReturnUrl = "https://lms.example.org/deep_linking/return?course=42";
    public const string InstructorRole = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";

    private DeepLinkingLaunch(LtiToolHost host, TestPlatform platform, LtiBrowser browser)
    {
        Host = host;
        Platform = platform;
        Browser = browser;
    }

    public LtiToolHost Host { get; }

    public TestPlatform Platform { get; }

    public LtiBrowser Browser { get; }

    /// <summary>The default deep linking settings of a Canvas-like assignment selection placement.</summary>
    public static JsonObject Settings(string? data = "opaque-data-{\"course\":42}") => new()
    {
        ["deep_link_return_url"] = ReturnUrl,
        ["accept_types"] = new JsonArray("ltiResourceLink"),
        ["accept_presentation_document_targets"] = new JsonArray("iframe", "window"),
        ["accept_multiple"] = true,
        ["accept_lineitem"] = true,
        ["auto_create"] = true,
        ["data"] = data,
    };

    /// <summary>Registers a platform and launches a deep linking request as a PD leader.</summary>
    public static async Task<DeepLinkingLaunch> StartAsync(LtiToolHost host, JsonObject settings, string role = InstructorRole)
    {
        var platform = await host.RegisterPlatformAsync();
        var browser = host.NewBrowser();
        var redirect = await browser.LoginAsync(platform.Login());
        var token = platform.Token(redirect)
            .With(LtiClaimNames.MessageType, LtiMessageTypes.DeepLinkingRequest)
            .Without(LtiClaimNames.ResourceLink)
            .With(LtiClaimNames.Roles, new JsonArray(role))
            .With(LtiClaimNames.DeepLinkingSettings, settings)
            .Build();
        using var launch = await browser.LaunchAsync(redirect, token);
        Assert.Equal(HttpStatusCode.SeeOther, launch.StatusCode);
        Assert.Equal("/app/deep-linking", launch.Headers.Location!.OriginalString);
        return new DeepLinkingLaunch(host, platform, browser);
    }

    /// <summary>Gets the picker page.</summary>
    public async Task<(HttpStatusCode Status, string Html)> GetPickerAsync()
    {
        using var response = await Browser.GetAsync("/app/deep-linking");
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Posts the picker form with the page's CSRF token, or <paramref name="csrfToken"/> when given.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string action, IEnumerable<string> items, string? csrfToken = null)
    {
        var (_, html) = await GetPickerAsync();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("csrf_token", csrfToken ?? CsrfField().Match(html).Groups[1].Value),
            new("action", action),
        };
        fields.AddRange(items.Select(item => KeyValuePair.Create("item", item)));
        return await Browser.PostFormAsync("/app/deep-linking", fields);
    }

    /// <summary>Reads the auto-posted response page: the form action and the verified JWT's payload.</summary>
    public async Task<(string Action, JsonElement Claims, string KeyId)> ReadResponseAsync(HttpResponseMessage response)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (action, fields) = DevPlatform.DevLmsCalls.ReadForm(html);

        var keys = await Host.Services.GetRequiredService<ToolKeyStore>().GetPublishedKeysAsync(cancellationToken);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(fields["JWT"], new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidIssuer = Platform.ClientId,
            ValidAudience = Platform.Issuer,
            RequireExpirationTime = true,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement.Clone();
        return (action, claims, token.Kid);
    }

    public void Dispose() => Browser.Dispose();

    [GeneratedRegex("name=\"csrf_token\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfField();
}
