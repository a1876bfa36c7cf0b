using System.Globalization;
using System.Text;
using System.Text.Json;
using LtiPd.LtiTool.Launch;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Receives the tool's deep linking response at <c>/devlms/deep-linking/return</c> (Deep Linking
/// 2.0): verifies the JWT against the tool's JWKS and the request it replies to, then adds each
/// <c>ltiResourceLink</c> item to the sample course as a placement, with a gradebook column when
/// the item carries a <c>lineItem</c>, as Canvas and Moodle do. Other item types are only listed.
/// </summary>
public sealed partial class DevDeepLinkingReturnHandler
{
    private const string DeepLinkingClaims = "https://purl.imsglobal.org/spec/lti-dl/claim/";

    /// <summary>The used-value scopes of response nonces and jti values, apart from the tool's own.</summary>
    private const string NonceScope = "devlms:deep-linking-nonce";

    private const string JwtIdScope = "devlms:deep-linking-jti";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private readonly DevToolKeys _toolKeys;
    private readonly DevLaunchHints _hints;
    private readonly DevPlacementStore _placements;
    private readonly DevGradebook _gradebook;
    private readonly NonceStore _nonces;
    private readonly DevPlatformSite _site;
    private readonly IOptionsMonitor<DevPlatformOptions> _options;
    private readonly ILogger<DevDeepLinkingReturnHandler> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Creates the handler.</summary>
    public DevDeepLinkingReturnHandler(
        DevToolKeys toolKeys,
        DevLaunchHints hints,
        DevPlacementStore placements,
        DevGradebook gradebook,
        NonceStore nonces,
        DevPlatformSite site,
        IOptionsMonitor<DevPlatformOptions> options,
        ILogger<DevDeepLinkingReturnHandler> logger)
    {
        _toolKeys = toolKeys;
        _hints = hints;
        _placements = placements;
        _gradebook = gradebook;
        _nonces = nonces;
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
            ClockSkew = ClockSkew,
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

        if (await RejectReplayAsync(claims, result.SecurityToken.ValidTo) is { } replay)
        {
            return Rejected(replay);
        }

        var items = claims.TryGetProperty(DeepLinkingClaims + "content_items", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().ToList()
            : [];
        var added = new List<string>();
        foreach (var item in items)
        {
            added.Add(await AddPlacementAsync(item, httpContext.RequestAborted));
        }

        Log.DeepLinkingResponseReceived(_logger, items.Count);
        return DevHtml.Page("Deep linking response", RenderItems(items, added, claims));
    }

    /// <summary>Adds an <c>ltiResourceLink</c> item and its line item to the course. Returns what happened, for the page.</summary>
    private async Task<string> AddPlacementAsync(JsonElement item, CancellationToken cancellationToken)
    {
        if (String(item, "type") != "ltiResourceLink")
        {
            return "listed only: the dev LMS places LTI resource links";
        }

        // The link launches the tool at the item's URL. It must point at the tool, or a launch
        // would send an id_token elsewhere.
        var url = String(item, "url");
        var origin = _site.ToolOrigins.FirstOrDefault(origin => url is not null && url.StartsWith(origin + "/", StringComparison.Ordinal));
        if (origin is null)
        {
            return $"not added: url '{url}' is not on the tool's origin";
        }

        var placementId = DevPlacementStore.NewId();
        var title = String(item, "title") ?? "(untitled)";
        string? lineItemId = null;
        if (item.TryGetProperty("lineItem", out var lineItem) && lineItem.ValueKind == JsonValueKind.Object)
        {
            if (!lineItem.TryGetProperty("scoreMaximum", out var maximum) || maximum.ValueKind != JsonValueKind.Number || maximum.GetDouble() <= 0)
            {
                return "not added: lineItem.scoreMaximum must be a number greater than 0";
            }

            var created = await _gradebook.CreateLineItemAsync(new DevLineItem
            {
                Id = "",
                ContextId = SandboxCourse.ContextId,
                Label = String(lineItem, "label") ?? title,
                ScoreMaximum = maximum.GetDouble(),
                ResourceLinkId = placementId,
                ResourceId = String(lineItem, "resourceId"),
                Tag = String(lineItem, "tag"),
            }, cancellationToken);
            lineItemId = created.Id;
        }

        var custom = item.TryGetProperty("custom", out var customElement) && customElement.ValueKind == JsonValueKind.Object
            ? customElement.EnumerateObject().Where(pair => pair.Value.ValueKind == JsonValueKind.String).ToDictionary(pair => pair.Name, pair => pair.Value.GetString()!)
            : [];
        await _placements.AddAsync(
            new DevResourceLink(placementId, title, String(item, "text") ?? "", IsDeepLinking: false, url![origin.Length..], lineItemId, ScoreMaximum: 0, custom),
            cancellationToken);
        return lineItemId is null ? $"added as {placementId}" : $"added as {placementId} with gradebook column {lineItemId}";
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

    /// <summary>
    /// Accepts each response once, as a real platform must: its nonce, and its jti when it has one,
    /// are remembered until the token expires. Returns the reason for a replayed response, else null.
    /// </summary>
    private async Task<string?> RejectReplayAsync(JsonElement claims, DateTime validTo)
    {
        var rememberUntil = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + ClockSkew;
        if (!await _nonces.TryUseOnceAsync(NonceScope, String(claims, "nonce")!, rememberUntil))
        {
            return "The nonce of this response was used by an earlier deep linking response, so it is a replay. Sign each response with a fresh nonce.";
        }

        if (String(claims, "jti") is { Length: > 0 } jwtId && !await _nonces.TryUseOnceAsync(JwtIdScope, jwtId, rememberUntil))
        {
            return "The jti of this response was used by an earlier deep linking response, so it is a replay. Give each response a fresh jti.";
        }

        return null;
    }

    private static string RenderItems(List<JsonElement> items, List<string> added, JsonElement claims)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<main><div><p data-testid=\"deep-linking-count\">The tool returned {items.Count} content items.</p><ul>");
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            html.Append(CultureInfo.InvariantCulture, $"<li data-testid=\"content-item\"><strong>{DevHtml.Encode(String(item, "title") ?? "(untitled)")}</strong> ")
                .Append(CultureInfo.InvariantCulture, $"({DevHtml.Encode(String(item, "type"))}) {DevHtml.Encode(String(item, "url"))}: ")
                .Append(CultureInfo.InvariantCulture, $"<span data-testid=\"placement-result\">{DevHtml.Encode(added[index])}</span></li>");
        }

        html.Append("</ul>");
        foreach (var name in new[] { "msg", "log", "errormsg", "errorlog" })
        {
            if (String(claims, DeepLinkingClaims + name) is { } message)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"claim-{name}\">{DevHtml.Encode(name)}: {DevHtml.Encode(message)}</p>");
            }
        }

        html.Append("<p><a href=\"/devlms\" target=\"_top\">Back to the course</a></p>");

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
