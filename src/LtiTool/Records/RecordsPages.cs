using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Records.Privacy;
using LtiPd.LtiTool.Sessions;
using LtiPd.XapiBridge.Export;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// Maps the teacher's records (<c>/app/records</c>, its CSV and the certificate PDFs) and the
/// public certificate verification page (<c>/records/verify/{code}</c>). Every <c>/app/records</c>
/// route serves the signed-in person's own record and takes no user id, so no one can ask for
/// another person's.
/// </summary>
public static class RecordsPages
{
    /// <summary>Maps the records routes.</summary>
    public static IEndpointRouteBuilder MapRecordsPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/app/records", TranscriptPageAsync);
        endpoints.MapGet("/app/records/transcript.csv", TranscriptCsvAsync);
        endpoints.MapGet("/app/records/certificates/modules/{moduleId}", ModuleCertificateAsync);
        endpoints.MapGet("/app/records/certificates/modules/{moduleId}/{cycleStartMs}", ModuleCycleCertificateAsync);
        endpoints.MapGet("/app/records/certificates/pathways/{pathwayId}/{cycleStartMs}", PathwayCertificateAsync);
        endpoints.MapGet("/records/verify/{code}", VerifyAsync);
        return endpoints;
    }

    /// <summary>Registers the records and personal-data services and options (section <c>Records</c>, validated at start-up).</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddOptions<RecordsOptions>().BindConfiguration(RecordsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecordsOptions>, RecordsOptionsValidator>();
        services.AddSingleton<TranscriptService>();
        services.AddSingleton<CertificateStore>();
        services.AddSingleton<CertificateDownload>();
        services.TryAddSingleton<ICertificateBranding, DistrictCertificateBranding>();
        services.AddSingleton<PersonDataService>();
        return services;
    }

    private static async Task<IResult> TranscriptPageAsync(HttpContext context, SessionAccessor sessions, TranscriptService transcripts)
    {
        var session = await sessions.GetAsync(context);
        if (session is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var transcript = await transcripts.GetAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        if (transcript is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        return PageLayout.Result(context, PageLayout.Render("My PD records", RecordsView.Transcript(transcript)));
    }

    private static async Task<IResult> TranscriptCsvAsync(HttpContext context, SessionAccessor sessions, TranscriptService transcripts, IOptions<LtiOptions> ltiOptions)
    {
        var session = await sessions.GetAsync(context);
        var transcript = session is null ? null : await transcripts.GetAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        if (transcript is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        await using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await CsvText.WriteRecordAsync(writer, TranscriptCsv.Header, context.RequestAborted);
        foreach (var record in TranscriptCsv.Rows(transcript, code => VerificationUrl(context, ltiOptions.Value, code)))
        {
            await CsvText.WriteRecordAsync(writer, record, context.RequestAborted);
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", "pd-transcript.csv");
    }

    private static async Task<IResult> ModuleCertificateAsync(
        HttpContext context, string moduleId, SessionAccessor sessions, TranscriptService transcripts, CertificateStore certificates, CertificateDownload download)
    {
        var session = await sessions.GetAsync(context);
        var transcript = session is null ? null : await transcripts.GetAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        if (session is null || transcript is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var entry = transcript.Find(moduleId);
        if (entry is not { InCatalog: true })
        {
            return LearnerPageResults.NotFound(context, $"You have no completed module '{moduleId}' to certify. Your records page lists the modules you completed.");
        }

        return await ModuleCertificateFileAsync(context, session, transcript, entry, certificates, download);
    }

    private static async Task<IResult> ModuleCycleCertificateAsync(
        HttpContext context, string moduleId, string cycleStartMs, SessionAccessor sessions, TranscriptService transcripts, CertificateStore certificates, CertificateDownload download)
    {
        var session = await sessions.GetAsync(context);
        var transcript = session is null ? null : await transcripts.GetAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        if (session is null || transcript is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        // The transcript holds only the signed-in person's own completions, so another person's module is not found.
        var entry = long.TryParse(cycleStartMs, NumberStyles.None, CultureInfo.InvariantCulture, out var cycle)
            ? transcript.Find(moduleId, cycle)
            : null;
        if (entry is not { InCatalog: true })
        {
            return LearnerPageResults.NotFound(context, $"You have no completed module '{moduleId}' for cycle '{cycleStartMs}' to certify. Your records page lists the modules you completed.");
        }

        return await ModuleCertificateFileAsync(context, session, transcript, entry, certificates, download);
    }

    /// <summary>Issues the certificate of one completed module cycle the first time it is asked for, and returns its PDF.</summary>
    private static async Task<IResult> ModuleCertificateFileAsync(
        HttpContext context, LtiSession session, Transcript transcript, TranscriptEntry entry, CertificateStore certificates, CertificateDownload download)
    {
        var subject = new CertificateSubject(CertificateKind.Module, entry.SubjectId, entry.Title, entry.CreditHours, entry.CompletedAt);
        var certificate = await certificates.GetOrIssueAsync(session.RegistrationId, session.UserId, subject, transcript.PersonName, context.RequestAborted);
        return await download.FileAsync(context, certificate, $"certificate-{entry.ModuleId}.pdf");
    }

    private static async Task<IResult> PathwayCertificateAsync(
        HttpContext context, string pathwayId, string cycleStartMs, SessionAccessor sessions, TranscriptService transcripts, CertificateDownload download)
    {
        var session = await sessions.GetAsync(context);
        var transcript = session is null ? null : await transcripts.GetAsync(session.RegistrationId, session.UserId, context.RequestAborted);
        if (transcript is null)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        // The transcript holds only the signed-in person's own completions, so another person's pathway is not found.
        var pathway = long.TryParse(cycleStartMs, NumberStyles.None, CultureInfo.InvariantCulture, out var cycle)
            ? transcript.FindPathway(pathwayId, cycle)
            : null;
        if (pathway?.Certificate is not { } certificate)
        {
            return LearnerPageResults.NotFound(context, $"You have no completed pathway '{pathwayId}' for cycle '{cycleStartMs}' to certify. Your records page lists the pathways you completed.");
        }

        return await download.FileAsync(context, certificate, $"certificate-pathway-{pathway.PathwayId}.pdf");
    }

    private static async Task<IResult> VerifyAsync(
        HttpContext context, string code, CertificateStore certificates, SessionAccessor sessions, IOptions<RecordsOptions> options)
    {
        // Anyone with the code may check a certificate, so the learner menu shows only to a signed-in learner.
        var learnerMenu = await sessions.GetAsync(context) is not null;
        // Codes are random, so an unknown one gets the same response whether it was mistyped or guessed.
        var certificate = code.Length is > 0 and <= 64 ? await certificates.FindAsync(code, context.RequestAborted) : null;
        if (certificate is null)
        {
            return PageLayout.Result(context,
                PageLayout.Render("Certificate not found", "<p data-testid=\"status\">No certificate has this code. Check that the address matches the one printed on the certificate.</p>", learnerMenu: learnerMenu),
                StatusCodes.Status404NotFound);
        }

        var shownName = ShownName(certificate.HolderName, options.Value.For(certificate.DistrictId).VerificationName);
        return PageLayout.Result(context, PageLayout.Render("Certificate verification", RecordsView.Verification(certificate, shownName), learnerMenu: learnerMenu));
    }

    /// <summary>Returns the public verification URL of a certificate: under Lti:PublicBaseUrl when set, else under the request's own host.</summary>
    internal static Uri VerificationUrl(HttpContext context, LtiOptions options, string code)
    {
        var baseUrl = !string.IsNullOrEmpty(options.PublicBaseUrl)
            ? options.PublicBaseUrl.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        return new Uri($"{baseUrl}/records/verify/{Uri.EscapeDataString(code)}", UriKind.Absolute);
    }

    internal static string? ShownName(string? holderName, VerificationNameDisplay display)
    {
        if (string.IsNullOrWhiteSpace(holderName))
        {
            return null;
        }

        return display switch
        {
            VerificationNameDisplay.Full => holderName,
            VerificationNameDisplay.Initials => string.Join(' ', holderName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + ".")),
            VerificationNameDisplay.Hidden => null,
        };
    }
}
