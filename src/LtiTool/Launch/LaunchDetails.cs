using System.Text.Json;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// The parts of a launch that later requests need (service endpoints, deep linking settings,
/// return URL, custom parameters), stored with the session as JSON. The raw id_token is never kept.
/// </summary>
public sealed record LaunchDetails
{
    /// <summary>The AGS claim, if any.</summary>
    public AssignmentGradeServicesClaimValueType? AssignmentGradeServices { get; init; }

    /// <summary>The NRPS claim, if any.</summary>
    public NamesRoleServiceClaimValueType? NamesRoleService { get; init; }

    /// <summary>The Deep Linking settings, if any.</summary>
    public DeepLinkingSettingsClaimValueType? DeepLinkingSettings { get; init; }

    /// <summary>The launch presentation, if any.</summary>
    public LaunchPresentationClaimValueType? LaunchPresentation { get; init; }

    /// <summary>The platform claim, if any.</summary>
    public PlatformClaimValueType? Platform { get; init; }

    /// <summary>Custom parameters.</summary>
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();

    /// <summary>The learner under review in a submission review request.</summary>
    public string? ForUserSubject { get; init; }

    /// <summary>Serializes the details of <paramref name="request"/>.</summary>
    public static string Serialize(LtiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.Serialize(new LaunchDetails
        {
            AssignmentGradeServices = request.AssignmentGradeServices,
            NamesRoleService = request.NamesRoleService,
            DeepLinkingSettings = request.DeepLinkingSettings,
            LaunchPresentation = request.LaunchPresentation,
            Platform = request.Platform,
            Custom = request.Custom,
            ForUserSubject = request.ForUserSubject,
        });
    }

    /// <summary>Reads details stored by <see cref="Serialize"/>.</summary>
    public static LaunchDetails Deserialize(string json) =>
        JsonSerializer.Deserialize<LaunchDetails>(json) ?? new LaunchDetails();
}
