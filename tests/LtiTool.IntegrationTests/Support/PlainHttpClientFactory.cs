namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>Hands out plain HttpClients with no retry handler, so a test counts each request the code sends.</summary>
public sealed class PlainHttpClientFactory : IHttpClientFactory
{
    /// <inheritdoc/>
    public HttpClient CreateClient(string name) => new();
}
