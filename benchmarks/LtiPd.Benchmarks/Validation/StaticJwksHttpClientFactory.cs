using System.Net;
using System.Net.Http.Headers;

namespace LtiPd.Benchmarks.Validation;

/// <summary>
/// Serves one JWKS document to <c>PlatformKeyCache</c> from memory, so the micro-benchmark
/// measures validation alone; the cache fetches it once during setup.
/// </summary>
internal sealed class StaticJwksHttpClientFactory : IHttpClientFactory
{
    private readonly string _jwksJson;

    public StaticJwksHttpClientFactory(string jwksJson)
    {
        _jwksJson = jwksJson;
    }

    public HttpClient CreateClient(string name) => new(new JwksHandler(_jwksJson));

    private sealed class JwksHandler : HttpMessageHandler
    {
        private readonly string _jwksJson;

        public JwksHandler(string jwksJson)
        {
            _jwksJson = jwksJson;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(_jwksJson, new MediaTypeHeaderValue("application/json")),
            };
            return Task.FromResult(response);
        }
    }
}
