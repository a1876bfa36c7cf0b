using LtiPd.LtiTool.Platforms;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Schools;

/// <summary>
/// Reads a teacher's school from the launch custom parameters a registration maps, set with
/// <c>platform add --school-parameter</c> or in <c>Lti:Platforms:N:SchoolParameter</c> and
/// <c>SchoolNameParameter</c>.
/// </summary>
public sealed class LaunchSchoolMapping
{
    /// <summary>Matches the school_id column of lti_users and lti_schools.</summary>
    public const int MaxSchoolIdLength = 255;

    private const int MaxSchoolNameLength = 450;

    private readonly IOptionsMonitor<LtiOptions> _options;

    /// <summary>Creates the mapping over the LTI options.</summary>
    public LaunchSchoolMapping(IOptionsMonitor<LtiOptions> options)
    {
        _options = options;
    }

    /// <summary>Returns the school the launch names, or null when the registration maps none or the value is unusable.</summary>
    public LaunchSchool? Resolve(PlatformRegistration registration, IReadOnlyDictionary<string, string> custom)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(custom);

        // Configuration comes first, so a change to it applies while the server runs. A registration
        // that configuration maps no school for uses the parameters stored by platform add.
        var platform = _options.CurrentValue.Platforms.FirstOrDefault(options =>
            string.Equals(options.Issuer, registration.Issuer, StringComparison.Ordinal)
            && string.Equals(options.ClientId, registration.ClientId, StringComparison.Ordinal));
        var (parameter, nameParameter) = platform?.SchoolParameter is { Length: > 0 } configured
            ? (configured, platform.SchoolNameParameter)
            : (registration.SchoolParameter, registration.SchoolNameParameter);
        if (parameter is not { Length: > 0 })
        {
            return null;
        }

        var schoolId = Usable(custom.GetValueOrDefault(parameter), MaxSchoolIdLength);
        if (schoolId is null)
        {
            return null;
        }

        var name = nameParameter is { Length: > 0 }
            ? Usable(custom.GetValueOrDefault(nameParameter), MaxSchoolNameLength)
            : null;
        return new LaunchSchool(schoolId, name);
    }

    /// <summary>
    /// Returns a trimmed value, or null for an empty, oversized or unresolved value. Canvas sends
    /// a substitution variable it cannot resolve as its literal text (<c>$Canvas.account.id</c>),
    /// so any value starting with <c>$</c> is taken as unresolved.
    /// </summary>
    private static string? Usable(string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.StartsWith('$') || trimmed.Length > maxLength || trimmed.Any(char.IsControl))
        {
            return null;
        }

        return trimmed;
    }
}
