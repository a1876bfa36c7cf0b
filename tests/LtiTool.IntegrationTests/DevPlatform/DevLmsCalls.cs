using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LtiPd.LtiTool.Jwks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.IntegrationTests.DevPlatform;

/// <summary>Calls a test makes as the tool would: client assertions, access tokens, and reading auto-posted forms.</summary>
internal static partial class DevLmsCalls
{
    public const string ClientId = "ltipd-dev-tool";

    /// <summary>Signs a client assertion with the tool's current key (RFC 7523 section 3).</summary>
    public static async Task<string> CreateClientAssertionAsync(DevLmsHost host, CancellationToken cancellationToken, string? audience = null, string? jti = null)
    {
        var credentials = await host.Services.GetRequiredService<ToolKeyStore>().GetSigningCredentialsAsync(cancellationToken);
        return CreateClientAssertion(credentials, audience ?? host.Issuer + "/token", jti);
    }

    public static string CreateClientAssertion(SigningCredentials credentials, string audience, string? jti = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ClientId,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = ClientId, ["jti"] = jti ?? Guid.NewGuid().ToString("N") },
            SigningCredentials = credentials,
        });
    }

    /// <summary>Posts a client credentials request with <paramref name="assertion"/> to <c>/devlms/token</c>.</summary>
    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string assertion, string scope, CancellationToken cancellationToken) =>
        client.PostAsync(new Uri("/devlms/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
            ["scope"] = scope,
        }), cancellationToken);

    /// <summary>Returns a client that sends an access token granting <paramref name="scopes"/>.</summary>
    public static async Task<HttpClient> CreateAuthorizedClientAsync(DevLmsHost host, CancellationToken cancellationToken, params string[] scopes)
    {
        var client = host.CreateClient();
        var assertion = await CreateClientAssertionAsync(host, cancellationToken);
        using var response = await RequestTokenAsync(client, assertion, string.Join(' ', scopes), cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
        return client;
    }

    /// <summary>Returns the action and hidden fields of the first form of an auto-posting page.</summary>
    public static (string Action, Dictionary<string, string> Fields) ReadForm(string html)
    {
        var action = System.Net.WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = HiddenField().Matches(html).ToDictionary(
            match => System.Net.WebUtility.HtmlDecode(match.Groups[1].Value),
            match => System.Net.WebUtility.HtmlDecode(match.Groups[2].Value));
        return (action, fields);
    }

    /// <summary>Gets the login form the course page would post for <paramref name="personId"/> launching <paramref name="linkId"/>.</summary>
    public static async Task<Dictionary<string, string>> GetLoginFieldsAsync(HttpClient client, string personId, string linkId, CancellationToken cancellationToken)
    {
        var html = await client.GetStringAsync(new Uri($"/devlms/launch?person={personId}&link={linkId}", UriKind.Relative), cancellationToken);
        return ReadForm(html).Fields;
    }

    /// <summary>The query of a valid authentication request, as the tool's login handler builds it.</summary>
    public static Dictionary<string, string?> AuthenticationRequest(DevLmsHost host, Dictionary<string, string> login) => new()
    {
        ["scope"] = "openid",
        ["response_type"] = "id_token",
        ["response_mode"] = "form_post",
        ["prompt"] = "none",
        ["client_id"] = ClientId,
        ["redirect_uri"] = $"{host.LoopbackOrigin}lti/launch",
        ["login_hint"] = login["login_hint"],
        ["lti_message_hint"] = login["lti_message_hint"],
        ["state"] = "state-1",
        ["nonce"] = "nonce-1",
    };

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
