using System.Text.Json.Nodes;
using LtiPd.LtiTool.Launch;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Registration;

/// <summary>
/// Builds the tool's registration request (LTI Dynamic Registration 1.0): OIDC client
/// metadata plus the LTI tool configuration with the messages and placements the platform offers.
/// </summary>
public static class ToolConfigurationBuilder
{
    /// <summary>The claim of the LTI part of the tool configuration.</summary>
    public const string ToolConfigurationClaim = "https://purl.imsglobal.org/spec/lti-tool-configuration";

    /// <summary>Canvas's claim for which personal data launches carry; Canvas defaults to anonymous.</summary>
    public const string CanvasPrivacyLevel = "https://canvas.instructure.com/lti/privacy_level";

    /// <summary>The service scopes LtiPd requests: AGS line items, results and scores, and NRPS rosters.</summary>
    public static readonly IReadOnlyList<string> WantedScopes =
    [
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    ];

    // Canvas placement names for each message type; other platforms get the placements they list.
    private static readonly Dictionary<string, string[]> CanvasPlacements = new(StringComparer.Ordinal)
    {
        [LtiMessageTypes.ResourceLinkRequest] = ["course_navigation"],
        [LtiMessageTypes.DeepLinkingRequest] = ["assignment_selection", "link_selection"],
    };

    /// <summary>Returns the registration request for <paramref name="platform"/>, naming the tool's URLs on <paramref name="toolUrls"/>.</summary>
    public static JsonObject Build(PlatformConfiguration platform, ToolUrls toolUrls, string toolName)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(toolUrls);

        // Request only scopes the platform offers, because Moodle leaves out the scopes of
        // services its admin turned off. A platform that lists none gets the whole set.
        var scopes = platform.ScopesSupported.Count == 0
            ? WantedScopes
            : WantedScopes.Where(scope => platform.ScopesSupported.Contains(scope, StringComparer.Ordinal)).ToList();

        var lti = new JsonObject
        {
            ["domain"] = new Uri(toolUrls.Origin).Authority,
            ["target_link_uri"] = toolUrls.LaunchUrl,
            ["description"] = "Professional learning for K-12 staff: modules, evidence review and PD hours.",
            ["claims"] = new JsonArray("iss", "sub", "name", "given_name", "family_name", "email"),
            ["messages"] = new JsonArray([.. Messages(platform, toolUrls)]),
        };
        if (platform.IsCanvas)
        {
            // "public" shares names and email, which rosters, reviews and PD records need.
            lti[CanvasPrivacyLevel] = "public";
            lti["custom_parameters"] = new JsonObject { ["school_id"] = "$Canvas.account.id", ["school"] = "$Canvas.account.name" };
        }

        return new JsonObject
        {
            ["application_type"] = "web",
            ["response_types"] = new JsonArray("id_token"),
            ["grant_types"] = new JsonArray("implicit", "client_credentials"),
            ["initiate_login_uri"] = toolUrls.LoginUrl,
            ["redirect_uris"] = new JsonArray(toolUrls.LaunchUrl),
            ["client_name"] = toolName,
            ["jwks_uri"] = toolUrls.JwksUrl,
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["scope"] = string.Join(' ', scopes),
            [ToolConfigurationClaim] = lti,
        };
    }

    private static IEnumerable<JsonNode> Messages(PlatformConfiguration platform, ToolUrls toolUrls)
    {
        foreach (var (type, label) in new[] { (LtiMessageTypes.ResourceLinkRequest, "Professional Learning"), (LtiMessageTypes.DeepLinkingRequest, "Add LtiPd module") })
        {
            var offered = platform.MessagesSupported.FirstOrDefault(message => message.Type == type);
            if (platform.MessagesSupported.Count > 0 && offered is null)
            {
                continue;
            }

            var message = new JsonObject { ["type"] = type, ["target_link_uri"] = toolUrls.LaunchUrl, ["label"] = label };
            var placements = platform.IsCanvas
                ? CanvasPlacements[type].Where(placement => offered is null || offered.Placements.Count == 0 || offered.Placements.Contains(placement, StringComparer.Ordinal))
                : offered?.Placements ?? [];
            var list = placements.ToList();
            if (list.Count > 0)
            {
                message["placements"] = new JsonArray([.. list.Select(placement => (JsonNode?)JsonValue.Create(placement))]);
            }

            yield return message;
        }
    }
}
