using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Receives the tool's deep linking response at <c>/devlms/deep-linking/return</c> (Deep Linking
/// 2.0): verifies the JWT against the tool's JWKS and the request it replies to, then
/// shows the content items the tool picked. It does not add them to the course.
/// </summary>
public sealed partial class DevDeepLinkingReturnHandler
{
    private const string DeepLinkingClaims = "https://purl.imsglobal.org/spec/lti-dl/claim/";

    private readonly DevToolKeys _toolKeys;
    private readonly DevLaunchHints _hints;
    private readonly DevPlatformSite _site;
    private readonly IOptionsMonitor<DevPlatformOptions> _options;
    private readonly ILogger<DevDeepLinkingReturnHandler> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Creates the handler.</summary>
    public DevDeepLinkingReturnHandler(
        DevToolKeys toolKeys,
        DevLaunchHints hints,
        DevPlatformSite site,
        IOptionsMonitor<DevPlatformOptions> options,
        ILogger<DevDeepLinkingReturnHandler> logger)
    {
        _toolKeys = toolKeys;
        _hints = hints;
        _site = site;
        _options = options;
        _logger = logger;
    }

    /// <summary>Handles <c>POST /devlms/deep-linking/return</c>.</summary>
    public async Task<IResult> HandleAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var jwt = httpContext.Request.HasFormContentType
            ? (await httpContext.Request.ReadFormAsync(httpContext.RequestAborted))["JWT"].ToString()
            : "";
        if (jwt.Length == 0)
        {
            return Rejected("The form field JWT is missing. Post the deep linking response as a form with a JWT field.");
        }

        if (await _toolKeys.GetAsync(httpContext.RequestAborted) is not { } toolKeys)
        {
            return Rejected($"The tool's JWKS at {_site.ToolJwksUrl} could not be fetched, so the JWT cannot be verified. Check that the tool serves it.");
        }

        var options = _options.CurrentValue;
        var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = toolKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = options.ClientId,
            ValidAudience = _site.Issuer,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(60),
        });
        if (!result.IsValid)
        {
            return Rejected($"The JWT is invalid: {result.Exception?.Message}");
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(((JsonWebToken)result.SecurityToken).EncodedPayload));
        var claims = payload.RootElement;
        if (ValidateClaims(claims, options) is { } problem)
        {
            return Rejected(problem);
        }

        var items = claims.TryGetProperty(DeepLinkingClaims + "content_items", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().ToList()
            : [];
        Log.DeepLinkingResponseReceived(_logger, items.Count);
        return DevHtml.Page("Deep linking response", RenderItems(items, claims));
    }

    private string? ValidateClaims(JsonElement claims, DevPlatformOptions options)
    {
        if (String(claims, "https://purl.imsglobal.org/spec/lti/claim/message_type") != "LtiDeepLinkingResponse")
        {
            return "message_type must be LtiDeepLinkingResponse.";
        }

        if (String(claims, "https://purl.imsglobal.org/spec/lti/claim/version") != "1.3.0")
        {
            return "version must be 1.3.0.";
        }

        if (String(claims, "https://purl.imsglobal.org/spec/lti/claim/deployment_id") != options.DeploymentId)
        {
            return $"deployment_id must be '{options.DeploymentId}', the deployment of the request.";
        }

        if (string.IsNullOrEmpty(String(claims, "nonce")))
        {
            return "nonce is missing.";
        }

        // Deep Linking 2.0 requires data to come back exactly as the request sent it.
        return _hints.ReadDeepLinkData(String(claims, DeepLinkingClaims + "data")) is null
            ? "data is missing, expired or altered. Return the data value of the deep linking request unchanged."
            : null;
    }

    private static string RenderItems(List<JsonElement> items, JsonElement claims)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<main><div><p data-testid=\"deep-linking-count\">The tool returned {items.Count} content items.</p><ul>");
        foreach (var item in items)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li data-testid=\"content-item\"><strong>{DevHtml.Encode(String(item, "title") ?? "(untitled)")}</strong> ")
                .Append(CultureInfo.InvariantCulture, $"({DevHtml.Encode(String(item, "type"))}) {DevHtml.Encode(String(item, "url"))}</li>");
        }

        html.Append("</ul>");
        foreach (var name in new[] { "msg", "errormsg" })
        {
            if (String(claims, DeepLinkingClaims + name) is { } message)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{DevHtml.Encode(name)}: {DevHtml.Encode(message)}</p>");
            }
        }

        return html.Append("</div></main>").ToString();
    }

    private IResult Rejected(string reason)
    {
        Log.DeepLinkingResponseRejected(_logger, reason);
        return DevHtml.Page("Deep linking response rejected", $"<main><p>{DevHtml.Encode(reason)}</p></main>", StatusCodes.Status400BadRequest);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1806, EventName = "DevDeepLinkingResponseReceived", Level = LogLevel.Information,
            Message = "Dev LMS received a deep linking response with {ItemCount} content items")]
        public static partial void DeepLinkingResponseReceived(ILogger logger, int itemCount);

        [LoggerMessage(EventId = 1807, EventName = "DevDeepLinkingResponseRejected", Level = LogLevel.Information,
            Message = "Dev LMS rejected a deep linking response: {Reason}")]
        public static partial void DeepLinkingResponseRejected(ILogger logger, string reason);
    }
}
