namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>The redirect the tool answered a login with: the authorization URL and its parameters.</summary>
/// <param name="Location">The full authorization request URL.</param>
/// <param name="Parameters">Its query parameters.</param>
public sealed record LoginRedirect(Uri Location, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The state the tool issued.</summary>
    public string State => Parameters["state"];

    /// <summary>The nonce the id_token must carry.</summary>
    public string Nonce => Parameters["nonce"];
}
