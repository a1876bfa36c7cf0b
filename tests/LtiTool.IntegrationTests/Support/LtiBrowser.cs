using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// A browser inside the LMS iframe: keeps the tool's cookies itself (so a test can drop or
/// swap one), sends the platform's login and launch requests, and never follows redirects.
/// </summary>
public sealed class LtiBrowser : IDisposable
{
    private readonly HttpClient _client;

    internal LtiBrowser(HttpClient client)
    {
        _client = client;
    }

    /// <summary>The cookies the browser holds, by name.</summary>
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="login"/> to <c>/lti/login</c> as a GET query or a POST form.</summary>
    public async Task<HttpResponseMessage> SendLoginAsync(LoginParameters login, HttpMethod method)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(method);
        var parameters = login.ToDictionary();
        using var request = method == HttpMethod.Get
            ? new HttpRequestMessage(HttpMethod.Get, QueryHelpers.AddQueryString("/lti/login", parameters!))
            : new HttpRequestMessage(HttpMethod.Post, "/lti/login") { Content = new FormUrlEncodedContent(parameters) };
        return await SendAsync(request);
    }

    /// <summary>Sends a login that must succeed and returns the authorization redirect.</summary>
    public async Task<LoginRedirect> LoginAsync(LoginParameters login, HttpMethod? method = null)
    {
        using var response = await SendLoginAsync(login, method ?? HttpMethod.Post);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var reason = response.Headers.TryGetValues("X-LtiPd-Reason", out var values) ? string.Join(",", values) : "(none)";
            throw new InvalidOperationException($"Login answered {(int)response.StatusCode} with reason {reason}, expected a 302 redirect.");
        }

        var location = response.Headers.Location!;
        var parameters = QueryHelpers.ParseQuery(location.Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        return new LoginRedirect(location, parameters);
    }

    /// <summary>Posts the platform's authentication response to <c>/lti/launch</c>.</summary>
    public async Task<HttpResponseMessage> LaunchAsync(IReadOnlyDictionary<string, string> form, string? accept = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/lti/launch") { Content = new FormUrlEncodedContent(form) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await SendAsync(request);
    }

    /// <summary>Posts <paramref name="idToken"/> with the state of <paramref name="login"/>.</summary>
    public Task<HttpResponseMessage> LaunchAsync(LoginRedirect login, string idToken) =>
        LaunchAsync(new Dictionary<string, string> { ["state"] = login.State, ["id_token"] = idToken });

    /// <summary>Sends a GET for <paramref name="path"/> with the browser's cookies.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>Posts <paramref name="fields"/> as a form to <paramref name="path"/> with the browser's cookies.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        return await SendAsync(request);
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
        }

        var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        foreach (var setCookie in SetCookieHeader.All(response))
        {
            if (setCookie.IsDeletion)
            {
                Cookies.Remove(setCookie.Name);
            }
            else
            {
                Cookies[setCookie.Name] = setCookie.Value;
            }
        }

        return response;
    }
}
