using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Records;

/// <summary>Renders an issued certificate with its district's branding as a PDF download.</summary>
internal sealed class CertificateDownload
{
    private readonly ICertificateBranding _branding;
    private readonly IOptions<LtiOptions> _ltiOptions;
    private readonly ILogger _logger;

    public CertificateDownload(ICertificateBranding branding, IOptions<LtiOptions> ltiOptions, ILoggerFactory loggers)
    {
        _branding = branding;
        _ltiOptions = ltiOptions;
        _logger = loggers.CreateLogger(typeof(CertificatePdf));
    }

    /// <summary>Returns the PDF of <paramref name="certificate"/> as an uncached file named <paramref name="fileName"/>.</summary>
    public async Task<IResult> FileAsync(HttpContext context, Certificate certificate, string fileName)
    {
        var brand = await _branding.GetAsync(certificate.DistrictId, certificate.DistrictName, context.RequestAborted);
        var verificationUrl = RecordsPages.VerificationUrl(context, _ltiOptions.Value, certificate.Code);
        var pdf = CertificatePdf.Render(certificate, brand, certificate.HolderName ?? "Participant", verificationUrl, _logger);

        context.Response.Headers.CacheControl = "no-store";
        return Results.File(pdf, "application/pdf", fileName);
    }
}
