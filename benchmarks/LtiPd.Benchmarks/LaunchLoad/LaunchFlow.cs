using System.Diagnostics;
using System.Net;
using LtiPd.Benchmarks.Platform;
using Microsoft.AspNetCore.WebUtilities;

namespace LtiPd.Benchmarks.LaunchLoad;

/// <summary>
/// One browser's LTI 1.3 launch, as the platform and browser perform it: GET <c>/lti/login</c>,
/// read state and nonce from the redirect to the platform, have the platform sign an id_token
/// for that nonce, and POST it with the login cookie to <c>/lti/launch</c>, which must answer 303.
/// Optionally the browser then fetches the page the launch redirects to with the session cookie.
/// </summary>
internal sealed class LaunchFlow
{
    private const string LoginCookiePrefix = "__Host-ltipd_login_";
    private const string SessionCookiePrefix = "__Host-ltipd_session=";

    private readonly HttpClient _client;
    private readonly PlatformSigner _signer;
    private readonly CanvasLaunchClaims _claims;
    private readonly string _loginQuery;
    private readonly Uri _launchUri;
    private readonly int _users;
    private readonly int _courses;
    private readonly bool _fetchLandingPage;

    public LaunchFlow(HttpClient client, PlatformSigner signer, CanvasLaunchClaims claims, string toolBaseUrl, int users, int courses, bool fetchLandingPage)
    {
        _fetchLandingPage = fetchLandingPage;
        _client = client;
        _signer = signer;
        _claims = claims;
        _users = users;
        _courses = courses;
        _launchUri = new Uri(toolBaseUrl + "/lti/launch");
        _loginQuery = QueryHelpers.AddQueryString(toolBaseUrl + "/lti/login", new Dictionary<string, string?>
        {
            ["iss"] = claims.Issuer,
            ["login_hint"] = "535fa085f22b4655f48cd5a36a9215f64c062838",
            ["target_link_uri"] = claims.TargetLinkUri,
            ["lti_message_hint"] = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ2ZXJpZmllciI6ImJlbmNoIn0.c2lnbmF0dXJl",
            ["client_id"] = claims.ClientId,
            ["lti_deployment_id"] = claims.DeploymentId,
        });
    }

    /// <summary>Runs flow <paramref name="flowNumber"/> and returns its timings, or throws naming the step that failed.</summary>
    public async Task<FlowTimings> RunAsync(int flowNumber, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (state, nonce, loginCookie) = await LoginAsync(cancellationToken);
        var loggedIn = Stopwatch.GetTimestamp();

        var payload = _claims.Serialize(nonce, flowNumber % _users, flowNumber % _courses, DateTimeOffset.UtcNow);
        var idToken = _signer.Sign(payload);
        var signed = Stopwatch.GetTimestamp();

        var landing = await LaunchAsync(state, idToken, loginCookie, cancellationToken);
        var launched = Stopwatch.GetTimestamp();

        if (_fetchLandingPage)
        {
            await FetchLandingPageAsync(landing, cancellationToken);
        }

        var landed = Stopwatch.GetTimestamp();
        return new FlowTimings(loggedIn - started, signed - loggedIn, launched - signed, landed - launched, landed - started);
    }

    private async Task<(string State, string Nonce, string LoginCookie)> LoginAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(_loginQuery), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location)
        {
            throw await UnexpectedAsync("GET /lti/login", "302 with a Location", response, cancellationToken);
        }

        var query = QueryHelpers.ParseQuery(location.Query);
        var state = query["state"].ToString();
        var nonce = query["nonce"].ToString();
        var loginCookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(cookie => cookie.StartsWith(LoginCookiePrefix, StringComparison.Ordinal))
            : null;
        if (state.Length == 0 || nonce.Length == 0 || loginCookie is null)
        {
            throw new InvalidOperationException($"GET /lti/login redirected to '{location}' without state, nonce or a {LoginCookiePrefix}* cookie.");
        }

        // Only name=value goes back, as a browser sends it.
        return (state, nonce, loginCookie[..loginCookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    // Returns the landing page's address and the session cookie (name=value) to fetch it with.
    private async Task<(Uri Location, string SessionCookie)> LaunchAsync(string state, string idToken, string loginCookie, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _launchUri)
        {
            Content = new FormUrlEncodedContent([new("id_token", idToken), new("state", state)]),
        };
        request.Headers.Add("Cookie", loginCookie);

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.SeeOther || response.Headers.Location is not { } location)
        {
            throw await UnexpectedAsync("POST /lti/launch", "303 with a Location", response, cancellationToken);
        }

        var sessionCookie = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(cookie => cookie.StartsWith(SessionCookiePrefix, StringComparison.Ordinal))
            : null;
        if (sessionCookie is null)
        {
            throw new InvalidOperationException($"POST /lti/launch returned 303 without a {SessionCookiePrefix}... cookie.");
        }

        return (new Uri(_launchUri, location), sessionCookie[..sessionCookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    private async Task FetchLandingPageAsync((Uri Location, string SessionCookie) landing, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, landing.Location);
        request.Headers.Add("Cookie", landing.SessionCookie);

        // The whole page is read, as a browser reads it.
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await UnexpectedAsync("GET " + landing.Location.PathAndQuery, "200", response, cancellationToken);
        }
    }

    private static async Task<Exception> UnexpectedAsync(string step, string expected, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var excerpt = body.Length > 300 ? body[..300] : body;
        return new InvalidOperationException($"{step} returned {(int)response.StatusCode}, expected {expected}. Body: {excerpt}");
    }
}
