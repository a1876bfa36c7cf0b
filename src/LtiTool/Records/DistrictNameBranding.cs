namespace LtiPd.LtiTool.Records;

/// <summary>Branding from the district name alone, in the default colour and without a logo.</summary>
internal sealed class DistrictNameBranding : ICertificateBranding
{
    public Task<CertificateBrand> GetAsync(string districtId, string districtName, CancellationToken cancellationToken) =>
        Task.FromResult(new CertificateBrand(districtName));
}
