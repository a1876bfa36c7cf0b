using System.Text.Json;

namespace LtiPd.LtiTool.Messages;

/// <summary>
/// The claims of a validated LTI 1.3 id_token, read tolerantly: a claim of an unexpected shape
/// or an unresolved substitution variable reads as absent, and unknown claims are ignored.
/// Which claims are required is checked by the launch validator, not here.
/// </summary>
public sealed class LtiRequest
{
    private LtiRequest()
    {
    }

    /// <summary>The message type claim, such as <c>LtiResourceLinkRequest</c>.</summary>
    public string? MessageType { get; private init; }

    /// <summary>The LTI version claim.</summary>
    public string? Version { get; private init; }

    /// <summary>The issuer (<c>iss</c>).</summary>
    public string? Issuer { get; private init; }

    /// <summary>The user's id at the platform (<c>sub</c>).</summary>
    public string? Subject { get; private init; }

    /// <summary>The nonce the tool sent in the login redirect.</summary>
    public string? Nonce { get; private init; }

    /// <summary>The deployment id claim.</summary>
    public string? DeploymentId { get; private init; }

    /// <summary>The target link URI claim.</summary>
    public string? TargetLinkUri { get; private init; }

    /// <summary>Whether the roles claim was present (it may be an empty array).</summary>
    public bool HasRolesClaim { get; private init; }

    /// <summary>The role URIs as sent.</summary>
    public IReadOnlyList<string> Roles { get; private init; } = [];

    /// <summary>The user's full name, when the platform shares it.</summary>
    public string? Name { get; private init; }

    /// <summary>The user's given name.</summary>
    public string? GivenName { get; private init; }

    /// <summary>The user's family name.</summary>
    public string? FamilyName { get; private init; }

    /// <summary>The user's email address, when the platform shares it.</summary>
    public string? Email { get; private init; }

    /// <summary>The user's locale (the <c>locale</c> claim, else the launch presentation's).</summary>
    public string? Locale { get; private init; }

    /// <summary>The context claim.</summary>
    public ContextClaimValueType? Context { get; private init; }

    /// <summary>The resource link claim.</summary>
    public ResourceLinkClaimValueType? ResourceLink { get; private init; }

    /// <summary>The AGS endpoint claim.</summary>
    public AssignmentGradeServicesClaimValueType? AssignmentGradeServices { get; private init; }

    /// <summary>The NRPS claim.</summary>
    public NamesRoleServiceClaimValueType? NamesRoleService { get; private init; }

    /// <summary>The Deep Linking settings claim.</summary>
    public DeepLinkingSettingsClaimValueType? DeepLinkingSettings { get; private init; }

    /// <summary>The launch presentation claim.</summary>
    public LaunchPresentationClaimValueType? LaunchPresentation { get; private init; }

    /// <summary>The tool platform claim.</summary>
    public PlatformClaimValueType? Platform { get; private init; }

    /// <summary>The LIS claim.</summary>
    public LisClaimValueType? Lis { get; private init; }

    /// <summary>
    /// Custom parameters, keyed case-insensitively. Moodle sends each parameter twice (as configured
    /// and lower-cased); the first one sent wins.
    /// </summary>
    public IReadOnlyDictionary<string, string> Custom { get; private init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>sub</c> of the learner in a submission review request.</summary>
    public string? ForUserSubject { get; private init; }

    /// <summary>Reads the claims of an id_token payload.</summary>
    public static LtiRequest Parse(JsonElement payload) => Parse(TopLevelClaims.Index(payload));

    /// <summary>Reads the claims of an id_token payload already indexed by claim name.</summary>
    public static LtiRequest Parse(TopLevelClaims payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var presentation = ReadLaunchPresentation(payload);
        return new LtiRequest
        {
            MessageType = ClaimReader.String(payload, LtiClaimNames.MessageType),
            Version = ClaimReader.String(payload, LtiClaimNames.Version),
            Issuer = ClaimReader.String(payload, "iss"),
            Subject = ClaimReader.String(payload, "sub"),
            Nonce = ClaimReader.String(payload, "nonce"),
            DeploymentId = ClaimReader.String(payload, LtiClaimNames.DeploymentId),
            TargetLinkUri = ClaimReader.String(payload, LtiClaimNames.TargetLinkUri),
            HasRolesClaim = payload.TryGet(LtiClaimNames.Roles, out var roles) && roles.ValueKind is JsonValueKind.Array or JsonValueKind.String,
            Roles = ClaimReader.StringArray(payload, LtiClaimNames.Roles),
            Name = ClaimReader.Data(ClaimReader.String(payload, "name")),
            GivenName = ClaimReader.Data(ClaimReader.String(payload, "given_name")),
            FamilyName = ClaimReader.Data(ClaimReader.String(payload, "family_name")),
            Email = ClaimReader.Data(ClaimReader.String(payload, "email")),
            Locale = ClaimReader.Data(ClaimReader.String(payload, "locale")) ?? presentation?.Locale,
            Context = ReadContext(payload),
            ResourceLink = ReadResourceLink(payload),
            AssignmentGradeServices = ReadAssignmentGradeServices(payload),
            NamesRoleService = ReadNamesRoleService(payload),
            DeepLinkingSettings = ReadDeepLinkingSettings(payload),
            LaunchPresentation = presentation,
            Platform = ReadPlatform(payload),
            Lis = ReadLis(payload),
            Custom = ReadCustom(payload),
            ForUserSubject = ClaimReader.Object(payload, LtiClaimNames.ForUser) is { } forUser
                ? ClaimReader.String(forUser, "user_id")
                : null,
        };
    }

    private static ContextClaimValueType? ReadContext(TopLevelClaims payload)
    {
        if (ClaimReader.Object(payload, LtiClaimNames.Context) is not { } context
            || ClaimReader.String(context, "id") is not { Length: > 0 } id)
        {
            return null;
        }

        var types = ClaimReader.StringArray(context, "type").Select(ContextTypes.Normalize).ToList();
        return new ContextClaimValueType(
            id,
            ClaimReader.Data(ClaimReader.String(context, "label")),
            ClaimReader.Data(ClaimReader.String(context, "title")),
            types);
    }

    private static ResourceLinkClaimValueType? ReadResourceLink(TopLevelClaims payload)
    {
        if (ClaimReader.Object(payload, LtiClaimNames.ResourceLink) is not { } link
            || ClaimReader.String(link, "id") is not { Length: > 0 } id)
        {
            return null;
        }

        return new ResourceLinkClaimValueType(
            id,
            ClaimReader.Data(ClaimReader.String(link, "title")),
            ClaimReader.Data(ClaimReader.String(link, "description")));
    }

    private static AssignmentGradeServicesClaimValueType? ReadAssignmentGradeServices(TopLevelClaims payload)
    {
        if (ClaimReader.Object(payload, LtiClaimNames.AssignmentGradeServices) is not { } ags)
        {
            return null;
        }

        return new AssignmentGradeServicesClaimValueType(
            ClaimReader.StringArray(ags, "scope"),
            ClaimReader.Url(ClaimReader.String(ags, "lineitems")),
            ClaimReader.Url(ClaimReader.String(ags, "lineitem")));
    }

    private static NamesRoleServiceClaimValueType? ReadNamesRoleService(TopLevelClaims payload)
    {
        if (ClaimReader.Object(payload, LtiClaimNames.NamesRoleService) is not { } nrps
            || ClaimReader.Url(ClaimReader.String(nrps, "context_memberships_url")) is not { } url)
        {
            return null;
        }

        return new NamesRoleServiceClaimValueType(url, ClaimReader.StringArray(nrps, "service_versions"));
    }

    private static DeepLinkingSettingsClaimValueType? ReadDeepLinkingSettings(TopLevelClaims payload)
    {
        if (ClaimReader.Object(payload, LtiClaimNames.DeepLinkingSettings) is not { } settings
            || ClaimReader.Url(ClaimReader.String(settings, "deep_link_return_url")) is not { } returnUrl)
        {
            return null;
        }

        return new DeepLinkingSettingsClaimValueType(
            returnUrl,
            ClaimReader.StringArray(settings, "accept_types"),
            ClaimReader.StringArray(settings, "accept_presentation_document_targets"),
            ClaimReader.Boolean(settings, "accept_multiple"),
            ClaimReader.Boolean(settings, "accept_lineitem"),
            ClaimReader.Boolean(settings, "auto_create"),
            ClaimReader.String(settings, "title"),
            ClaimReader.String(settings, "text"),
            ClaimReader.String(settings, "data"));
    }

    private static LaunchPresentationClaimValueType? ReadLaunchPresentation(TopLevelClaims payload) =>
        ClaimReader.Object(payload, LtiClaimNames.LaunchPresentation) is { } presentation
            ? new LaunchPresentationClaimValueType(
                ClaimReader.String(presentation, "document_target"),
                ClaimReader.Url(ClaimReader.String(presentation, "return_url")),
                ClaimReader.Data(ClaimReader.String(presentation, "locale")))
            : null;

    private static PlatformClaimValueType? ReadPlatform(TopLevelClaims payload) =>
        ClaimReader.Object(payload, LtiClaimNames.ToolPlatform) is { } platform
            ? new PlatformClaimValueType(
                ClaimReader.String(platform, "guid"),
                ClaimReader.Data(ClaimReader.String(platform, "name")),
                ClaimReader.String(platform, "product_family_code"),
                ClaimReader.String(platform, "version"))
            : null;

    private static LisClaimValueType? ReadLis(TopLevelClaims payload) =>
        ClaimReader.Object(payload, LtiClaimNames.Lis) is { } lis
            ? new LisClaimValueType(
                ClaimReader.Data(ClaimReader.String(lis, "person_sourcedid")),
                ClaimReader.Data(ClaimReader.String(lis, "course_offering_sourcedid")),
                ClaimReader.Data(ClaimReader.String(lis, "course_section_sourcedid")))
            : null;

    private static Dictionary<string, string> ReadCustom(TopLevelClaims payload)
    {
        var custom = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (ClaimReader.Object(payload, LtiClaimNames.Custom) is not { } element)
        {
            return custom;
        }

        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };
            if (ClaimReader.Data(value) is { } data)
            {
                custom.TryAdd(property.Name, data);
            }
        }

        return custom;
    }
}
