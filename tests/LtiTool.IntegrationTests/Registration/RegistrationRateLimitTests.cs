using System.Net;
using LtiPd.LtiTool.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.IntegrationTests.Registration;

/// <summary>
/// The per-client-IP rate limit of <c>/lti/register</c> and <c>/lti/register/manual</c>. The test
/// server has no client address, so a startup filter takes it from a test header.
/// </summary>
public sealed class RegistrationRateLimitTests
{
    private const string ClientAddressHeader = "X-Test-Client-Address";

    [Fact]
    public async Task Register_OverLimit_429WithRetryAfter()
    {
        await using var host = await StartAsync(permits: "2");
        using var client = host.Factory.CreateClient();

        using var first = await SendAsync(client, HttpMethod.Get, "/lti/register", "203.0.113.7");
        using var second = await SendAsync(client, HttpMethod.Get, "/lti/register", "203.0.113.7");
        using var third = await SendAsync(client, HttpMethod.Get, "/lti/register", "203.0.113.7");
        var message = await third.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var retryAfter = int.Parse(Assert.Single(third.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains("Too many registration requests from your address: at most 2 per 60 seconds.", message, StringComparison.Ordinal);
        Assert.Contains($"Try again in {retryAfter} seconds.", message, StringComparison.Ordinal);
        Assert.Contains("Registration:RateLimitPermits", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_LimitSharedAcrossEndpoints_PerAddress()
    {
        await using var host = await StartAsync(permits: "2");
        using var client = host.Factory.CreateClient();

        using var get = await SendAsync(client, HttpMethod.Get, "/lti/register", "203.0.113.7");
        using var manual = await SendAsync(client, HttpMethod.Post, "/lti/register/manual", "203.0.113.7");
        using var post = await SendAsync(client, HttpMethod.Post, "/lti/register", "203.0.113.7");
        using var otherAddress = await SendAsync(client, HttpMethod.Post, "/lti/register", "198.51.100.20");
        using var health = await SendAsync(client, HttpMethod.Get, "/health", "203.0.113.7");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, get.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, manual.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("Registration:RateLimitPermits")]
    [InlineData("Registration:RateLimitWindowSeconds")]
    public async Task Start_ZeroLimitSetting_FailsNamingSettings(string setting)
    {
        var exception = await Assert.ThrowsAnyAsync<OptionsValidationException>(async () =>
        {
            await using var host = await LtiToolHost.StartAsync(settings: _ => new Dictionary<string, string?> { [setting] = "0" });
        });

        Assert.Contains("Registration:RateLimitPermits and Registration:RateLimitWindowSeconds must each be at least 1.", exception.Message, StringComparison.Ordinal);
    }

    private static Task<LtiToolHost> StartAsync(string permits) => LtiToolHost.StartAsync(
        settings: _ => new Dictionary<string, string?>
        {
            ["Registration:RateLimitPermits"] = permits,
            ["Registration:RateLimitWindowSeconds"] = "60",
        },
        configure: builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ClientAddressFromHeader())));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string clientAddress)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add(ClientAddressHeader, clientAddress);
        if (method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>());
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Sets the connection's client address from <see cref="ClientAddressHeader"/>, ahead of every other middleware.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
