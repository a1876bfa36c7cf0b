namespace LtiPd.LtiTool.Services;

/// <summary>Recognises the LMS family of a registration.</summary>
public static class PlatformKinds
{
    /// <summary>
    /// Returns the family of the platform with <paramref name="issuer"/>. Canvas uses
    /// <c>https://canvas.instructure.com</c> (and the beta and test variants) for every customer,
    /// Schoology <c>https://schoology.schoology.com</c>; Moodle's issuer is the site URL, so it is
    /// recognised by <paramref name="productFamilyCode"/> from the platform claim when known.
    /// </summary>
    public static PlatformKind FromIssuer(string issuer, string? productFamilyCode = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (Uri.TryCreate(issuer, UriKind.Absolute, out var uri))
        {
            var host = uri.Host;
            if (host.EndsWith("instructure.com", StringComparison.OrdinalIgnoreCase))
            {
                return PlatformKind.Canvas;
            }

            if (host.EndsWith("schoology.com", StringComparison.OrdinalIgnoreCase))
            {
                return PlatformKind.Schoology;
            }
        }

        return productFamilyCode?.ToLowerInvariant() switch
        {
            "canvas" => PlatformKind.Canvas,
            "moodle" => PlatformKind.Moodle,
            "schoology" => PlatformKind.Schoology,
            _ => PlatformKind.Other,
        };
    }

    /// <summary>The largest NRPS page the platform serves; asking for more returns this many anyway.</summary>
    public static int MembershipPageSize(PlatformKind kind) => kind switch
    {
        PlatformKind.Canvas => 50,
        PlatformKind.Schoology => 100,
        PlatformKind.Moodle => 100,
        PlatformKind.Other => 100,
    };
}
