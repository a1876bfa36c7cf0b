using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Registration;

/// <summary>
/// The tool's two calls in LTI Dynamic Registration 1.0: reading the platform's OpenID
/// configuration and posting the tool's registration, each with the registration token as a
/// bearer token, a timeout, no redirects and a bounded response size.
/// </summary>
public sealed class PlatformRegistrationClient
{
    /// <summary>The name of the HTTP client, which follows no redirects.</summary>
    public const string HttpClientName = "LtiPd.Registration";

    private readonly IHttpClientFactory _httpClients;
    private readonly IOptionsMonitor<RegistrationOptions> _options;
    private readonly IHostEnvironment _environment;

    /// <summary>Creates the client.</summary>
    public PlatformRegistrationClient(IHttpClientFactory httpClients, IOptionsMonitor<RegistrationOptions> options, IHostEnvironment environment)
    {
        _httpClients = httpClients;
        _options = options;
        _environment = environment;
    }

    /// <summary>Reads and checks the configuration at <paramref name="configurationUrl"/>. Returns it, or why it cannot be used.</summary>
    public async Task<(PlatformConfiguration? Configuration, string? Error)> GetConfigurationAsync(
        string configurationUrl, string? registrationToken, CancellationToken cancellationToken)
    {
        if (RegistrationUrls.Check(configurationUrl, _environment.IsDevelopment()) is { } unsafeUrl)
        {
            return (null, $"The openid_configuration URL {unsafeUrl}.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, configurationUrl);
        request.Headers.Accept.ParseAdd("application/json");
        var (json, error) = await SendAsync(request, registrationToken, cancellationToken);
        if (json is null)
        {
            return (null, $"Reading the platform's configuration at {configurationUrl} failed: {error}");
        }

        var (configuration, invalid) = PlatformConfigurationReader.Read(json.Value);
        if (configuration is null)
        {
            return (null, $"The platform's configuration at {configurationUrl} is invalid: {invalid}");
        }

        // Dynamic Registration 1.0 requires the issuer to be on the host the configuration
        // came from, so a configuration cannot claim another platform's issuer.
        var configurationHost = new Uri(configurationUrl).Host;
        if (!string.Equals(new Uri(configuration.Issuer).Host, configurationHost, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"The platform's issuer '{configuration.Issuer}' is not on the host of its configuration URL ({configurationHost}). Ask the LMS admin to check the LMS's issuer setting.");
        }

        var development = _environment.IsDevelopment();
        foreach (var (name, url) in new[]
        {
            ("authorization_endpoint", configuration.AuthorizationEndpoint), ("token_endpoint", configuration.TokenEndpoint),
            ("jwks_uri", configuration.JwksUri), ("registration_endpoint", configuration.RegistrationEndpoint), ("issuer", configuration.Issuer),
        })
        {
            if (RegistrationUrls.Check(url, development) is { } unsafeEndpoint)
            {
                return (null, $"The platform's {name} {unsafeEndpoint}.");
            }
        }

        return (configuration, null);
    }

    /// <summary>Posts <paramref name="toolConfiguration"/> to the registration endpoint. Returns the client id and deployment id, or why it failed.</summary>
    public async Task<(RegisteredClient? Client, string? Error)> RegisterAsync(
        PlatformConfiguration platform, string? registrationToken, JsonObject toolConfiguration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(toolConfiguration);
        using var request = new HttpRequestMessage(HttpMethod.Post, platform.RegistrationEndpoint)
        {
            Content = new StringContent(toolConfiguration.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        var (json, error) = await SendAsync(request, registrationToken, cancellationToken);
        if (json is null)
        {
            return (null, $"The platform did not accept the registration at {platform.RegistrationEndpoint}: {error}");
        }

        var root = json.Value;
        var clientId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("client_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
        if (string.IsNullOrWhiteSpace(clientId))
        {
            return (null, "The platform's registration response has no client_id.");
        }

        string? deploymentId = null;
        if (root.TryGetProperty(ToolConfigurationBuilder.ToolConfigurationClaim, out var configuration)
            && configuration.ValueKind == JsonValueKind.Object
            && configuration.TryGetProperty("deployment_id", out var deployment))
        {
            // Moodle sends the deployment id as a string; accept a number too.
            deploymentId = deployment.ValueKind switch
            {
                JsonValueKind.String => deployment.GetString(),
                JsonValueKind.Number => deployment.GetRawText(),
                _ => null,
            };
        }

        return (new RegisteredClient(clientId, deploymentId), null);
    }

    private async Task<(JsonElement? Json, string? Error)> SendAsync(HttpRequestMessage request, string? registrationToken, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(registrationToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registrationToken);
        }

        var options = _options.CurrentValue;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            var client = _httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadBoundedAsync(response.Content, options.MaxResponseBytes, timeout.Token);
            if (body is null)
            {
                return (null, $"the response is larger than {options.MaxResponseBytes} bytes");
            }

            if (!response.IsSuccessStatusCode)
            {
                // The body stays out of the page, because an anonymous caller must not read the
                // response of a server at a URL the caller chose.
                return (null, $"HTTP {(int)response.StatusCode}");
            }

            using var document = JsonDocument.Parse(body);
            return (document.RootElement.Clone(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {options.TimeoutSeconds} seconds");
        }
        catch (HttpRequestException)
        {
            // The socket error (refused, unreachable, not public) would show a caller which
            // ports are open, so the page reports only that the call failed.
            return (null, "the platform could not be reached");
        }
        catch (JsonException)
        {
            return (null, "the response is not JSON");
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Printable(string value, int length)
    {
        var cut = value.Length <= length ? value : value[..length];
        return string.Concat(cut.Select(character => char.IsControl(character) ? ' ' : character));
    }
}
