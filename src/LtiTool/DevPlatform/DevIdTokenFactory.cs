using System.Text.Json.Nodes;
using LtiPd.LtiTool.Messages;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace LtiPd.LtiTool.DevPlatform;

/// <summary>
/// Builds and signs the id_tokens of the dev platform with the claim set a real platform sends
/// (LTI 1.3 Core, AGS 2.0, NRPS 2.0 and Deep Linking 2.0 claims), shaped after what Canvas sends.
/// </summary>
public sealed class DevIdTokenFactory
{
    /// <summary>The AGS scopes the dev platform grants the tool.</summary>
    public static readonly IReadOnlyList<string> AgsScopes =
    [
        DevScopes.LineItem,
        DevScopes.LineItemReadOnly,
        DevScopes.ResultReadOnly,
        DevScopes.Score,
    ];

    private readonly DevPlatformKeyStore _keys;
    private readonly DevPlatformSite _site;
    private readonly DevLaunchHints _hints;
    private readonly IOptionsMonitor<DevPlatformOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>Creates the factory.</summary>
    public DevIdTokenFactory(
        DevPlatformKeyStore keys,
        DevPlatformSite site,
        DevLaunchHints hints,
        IOptionsMonitor<DevPlatformOptions> options,
        TimeProvider timeProvider)
    {
        _keys = keys;
        _site = site;
        _hints = hints;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates the signed id_token for <paramref name="person"/> launching <paramref name="link"/> on the tool at <paramref name="toolOrigin"/>.</summary>
    public async Task<string> CreateAsync(DevPerson person, DevResourceLink link, string nonce, string toolOrigin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(link);
        var options = _options.CurrentValue;
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();

        var claims = new JsonObject
        {
            ["iss"] = _site.Issuer,
            ["aud"] = options.ClientId,
            ["azp"] = options.ClientId,
            ["sub"] = person.Id,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + options.IdTokenLifetimeSeconds,
            ["nonce"] = nonce,
            ["name"] = person.Name,
            ["given_name"] = person.GivenName,
            ["family_name"] = person.FamilyName,
            ["email"] = person.Email,
            ["locale"] = "en",
            [LtiClaimNames.Version] = "1.3.0",
            [LtiClaimNames.DeploymentId] = options.DeploymentId,
            [LtiClaimNames.TargetLinkUri] = toolOrigin + link.ToolPath,
            [LtiClaimNames.Roles] = ToArray(person.LaunchRoles),
            [LtiClaimNames.Context] = new JsonObject
            {
                ["id"] = SandboxCourse.ContextId,
                ["label"] = SandboxCourse.Label,
                ["title"] = SandboxCourse.Title,
                ["type"] = new JsonArray(SandboxCourse.CourseOfferingType),
            },
            [LtiClaimNames.ToolPlatform] = new JsonObject
            {
                ["guid"] = "ltipd-dev-platform",
                ["name"] = "LtiPd dev LMS",
                ["version"] = "1.0",
                ["product_family_code"] = "ltipd-devlms",
                ["url"] = _site.Issuer,
            },
            [LtiClaimNames.LaunchPresentation] = new JsonObject
            {
                ["document_target"] = "iframe",
                ["return_url"] = _site.Issuer,
                ["locale"] = "en",
                ["height"] = 600,
                ["width"] = 900,
            },
            [LtiClaimNames.Custom] = ToObject(link.Custom),
            [LtiClaimNames.Lis] = new JsonObject
            {
                ["person_sourcedid"] = "SIS-" + person.Id,
                ["course_offering_sourcedid"] = "SIS-" + SandboxCourse.Label,
                ["course_section_sourcedid"] = "SIS-" + SandboxCourse.Label + "-01",
            },
            [LtiClaimNames.NamesRoleService] = new JsonObject
            {
                ["context_memberships_url"] = _site.MembershipsUrl(SandboxCourse.ContextId),
                ["service_versions"] = new JsonArray("2.0"),
            },
            [LtiClaimNames.AssignmentGradeServices] = AgsClaim(link),
        };

        if (link.IsDeepLinking)
        {
            claims[LtiClaimNames.MessageType] = LtiMessageTypes.DeepLinkingRequest;
            claims[LtiClaimNames.DeepLinkingSettings] = DeepLinkingSettings(person, link);
        }
        else
        {
            claims[LtiClaimNames.MessageType] = LtiMessageTypes.ResourceLinkRequest;
            claims[LtiClaimNames.ResourceLink] = new JsonObject
            {
                ["id"] = link.Id,
                ["title"] = link.Title,
                ["description"] = link.Description,
            };
        }

        var credentials = await _keys.GetSigningCredentialsAsync(cancellationToken);
        return _handler.CreateToken(claims.ToJsonString(), credentials);
    }

    private JsonObject AgsClaim(DevResourceLink link)
    {
        var claim = new JsonObject
        {
            ["scope"] = ToArray(AgsScopes),
            ["lineitems"] = _site.LineItemsUrl(SandboxCourse.ContextId),
        };

        // AGS 2.0 sends lineitem only when the link has exactly one column.
        if (link.LineItemId is { } lineItemId)
        {
            claim["lineitem"] = _site.LineItemUrl(SandboxCourse.ContextId, lineItemId);
        }

        return claim;
    }

    private JsonObject DeepLinkingSettings(DevPerson person, DevResourceLink placement) => new()
    {
        ["deep_link_return_url"] = _site.DeepLinkReturnUrl,
        ["accept_types"] = new JsonArray("ltiResourceLink", "link"),
        ["accept_presentation_document_targets"] = new JsonArray("iframe", "window"),
        ["accept_multiple"] = true,
        ["accept_lineitem"] = true,
        ["auto_create"] = false,
        ["title"] = SandboxCourse.Title,
        ["text"] = "Choose PD activities to add to " + SandboxCourse.Title,
        ["data"] = _hints.CreateDeepLinkData(person, placement),
    };

    private static JsonArray ToArray(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode?)JsonValue.Create(value))]);

    private static JsonObject ToObject(IReadOnlyDictionary<string, string> values) =>
        new(values.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value))));
}
