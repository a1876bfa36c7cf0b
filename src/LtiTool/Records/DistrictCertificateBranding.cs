using LtiPd.LtiTool.Branding;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// Brands certificates from the district's branding settings: the display name, the primary
/// colour for borders and headings, the header colour for the edge bands, and the uploaded logo
/// when it is a PNG or JPEG. A missing or unreadable logo leaves the certificate without one.
/// </summary>
internal sealed partial class DistrictCertificateBranding : ICertificateBranding
{
    private readonly BrandingStore _store;
    private readonly ILogger<DistrictCertificateBranding> _logger;

    public DistrictCertificateBranding(BrandingStore store, ILogger<DistrictCertificateBranding> logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async Task<CertificateBrand> GetAsync(string districtId, string districtName, CancellationToken cancellationToken)
    {
        var branding = await _store.FindAsync(districtId, cancellationToken);
        if (branding is null)
        {
            return new CertificateBrand(districtName);
        }

        // NOTE: a logo given only as a URL is not fetched for certificates, so those certificates carry no logo.
        CertificateLogo? logo = null;
        if (branding.LogoMediaType is not null && await _store.FindLogoAsync(districtId, cancellationToken) is { } stored)
        {
            logo = CertificateLogo.TryRead(stored.Bytes, out var problem);
            if (logo is null)
            {
                Log.LogoSkipped(_logger, districtId, problem!);
            }
        }

        return new CertificateBrand(
            string.IsNullOrWhiteSpace(branding.DisplayName) ? districtName : branding.DisplayName,
            branding.PrimaryColor ?? CertificateBrand.DefaultAccentColor,
            logo,
            branding.HeaderColor);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1181, EventName = "CertificateLogoSkipped", Level = LogLevel.Warning,
            Message = "Certificates of district {DistrictId} are drawn without the logo: {Problem}")]
        public static partial void LogoSkipped(ILogger logger, string districtId, string problem);
    }
}
