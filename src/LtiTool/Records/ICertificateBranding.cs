namespace LtiPd.LtiTool.Records;

/// <summary>
/// Returns the branding of a district's certificates. The default prints the district name with
/// the default colour; a registration that replaces this service adds colours and a logo.
/// </summary>
public interface ICertificateBranding
{
    /// <summary>Returns the branding of <paramref name="districtId"/>, whose name is <paramref name="districtName"/>.</summary>
    Task<CertificateBrand> GetAsync(string districtId, string districtName, CancellationToken cancellationToken);
}
