using System.Runtime.InteropServices;
using System.Text.Json;

namespace LtiPd.LtiTool.Messages;

/// <summary>
/// The claims of a validated LTI 1.3 id_token, read tolerantly: a claim of an unexpected shape
/// or an unresolved substitution variable reads as absent, and unknown claims are ignored.
/// Which claims are required is checked by the launch validator, not here.
/// </summary>
public sealed partial class LtiRequest
{
    private LtiRequest()
    {
    }

    /// <summary>The message type claim, such as <c>LtiResourceLinkRequest</c>.</summary>
    public string? MessageType { get; private set; }

    /// <summary>The LTI version claim.</summary>
    public string? Version { get; private set; }

    /// <summary>The issuer (<c>iss</c>).</summary>
    public string? Issuer { get; private set; }

    /// <summary>The user's id at the platform (<c>sub</c>).</summary>
    public string? Subject { get; private set; }

    /// <summary>The nonce the tool sent in the login redirect.</summary>
    public string? Nonce { get; private set; }

    /// <summary>The deployment id claim.</summary>
    public string? DeploymentId { get; private set; }

    /// <summary>The target link URI claim.</summary>
    public string? TargetLinkUri { get; private set; }

    /// <summary>Whether the roles claim was present (it may be an empty array).</summary>
    public bool HasRolesClaim { get; private set; }

    /// <summary>The role URIs as sent.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    /// <summary>The user's full name, when the platform shares it.</summary>
    public string? Name { get; private set; }

    /// <summary>The user's given name.</summary>
    public string? GivenName { get; private set; }

    /// <summary>The user's family name.</summary>
    public string? FamilyName { get; private set; }

    /// <summary>The user's email address, when the platform shares it.</summary>
    public string? Email { get; private set; }

    /// <summary>The user's locale (the <c>locale</c> claim, else the launch presentation's).</summary>
    public string? Locale { get; private set; }

    /// <summary>The context claim.</summary>
    public ContextClaimValueType? Context { get; private set; }

    /// <summary>The resource link claim.</summary>
    public ResourceLinkClaimValueType? ResourceLink { get; private set; }

    /// <summary>The AGS endpoint claim.</summary>
    public AssignmentGradeServicesClaimValueType? AssignmentGradeServices { get; private set; }

    /// <summary>The NRPS claim.</summary>
    public NamesRoleServiceClaimValueType? NamesRoleService { get; private set; }

    /// <summary>The Deep Linking settings claim.</summary>
    public DeepLinkingSettingsClaimValueType? DeepLinkingSettings { get; private set; }

    /// <summary>The launch presentation claim.</summary>
    public LaunchPresentationClaimValueType? LaunchPresentation { get; private set; }

    /// <summary>The tool platform claim.</summary>
    public PlatformClaimValueType? Platform { get; private set; }

    /// <summary>The LIS claim.</summary>
    public LisClaimValueType? Lis { get; private set; }

    /// <summary>
    /// Custom parameters, keyed case-insensitively. Moodle sends each parameter twice (as configured
    /// and lower-cased); the first one sent wins.
    /// </summary>
    public IReadOnlyDictionary<string, string> Custom { get; private set; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>sub</c> of the learner in a submission review request.</summary>
    public string? ForUserSubject { get; private set; }

    /// <summary>
    /// Reads the claims of an id_token payload. A payload that is not a JSON object has no claims.
    /// </summary>
    public static LtiRequest Parse(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && Read(JsonMarshal.GetRawUtf8Value(payload), out _, out _) is { } request
            ? request
            : new LtiRequest();
}
