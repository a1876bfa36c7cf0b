using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Records;

/// <summary>The HTML of the transcript page and the public verification page.</summary>
internal static class RecordsView
{
    // The data-testid values are a contract with the records tests.
    public static string Transcript(Transcript transcript)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture,
            $"<p>Your professional development record with <span data-testid=\"district\">{PageLayout.Encode(transcript.DistrictName)}</span>. Hours are the PD credit hours the district grants for each completed module.</p>\n");
        html.Append("<p><a href=\"/app/records/transcript.csv\" data-testid=\"csv\" download>Download the transcript (CSV)</a></p>\n");
        AppendPathways(html, transcript.Pathways);
        if (transcript.Years.Count == 0)
        {
            html.Append("<p data-testid=\"empty\">No completed modules yet. Completed modules and their hours appear here.</p>");
            return html.ToString();
        }

        foreach (var year in transcript.Years)
        {
            var label = PageLayout.Encode(year.Year.Label);
            html.Append(CultureInfo.InvariantCulture, $"""
                <section aria-labelledby="year-{label}" data-testid="year-{label}">
                <h2 id="year-{label}">School year {label}: {CertificatePdf.FormatHours(year.TotalCreditHours)}</h2>
                <table>
                <caption>Modules completed in school year {label}</caption>
                <thead><tr><th scope="col">Module</th><th scope="col">Completed</th><th scope="col">PD credit hours</th><th scope="col">Certificate</th></tr></thead>
                <tbody>

                """);
            foreach (var entry in year.Entries)
            {
                var title = PageLayout.Encode(entry.Title);
                var certificate = entry.InCatalog
                    ? $"<a href=\"{PageLayout.Encode(entry.CertificatePath)}\">Certificate for {title} (PDF)</a>"
                    : "Module no longer in the catalog";
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr data-testid=\"entry-{PageLayout.Encode(entry.ModuleId)}\"><th scope=\"row\">{title}</th><td>{CertificatePdf.FormatDate(entry.CompletedAt)}</td><td>{entry.CreditHours.ToString("0.##", CultureInfo.InvariantCulture)}</td><td>{certificate}</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        return html.ToString();
    }

    private static void AppendPathways(StringBuilder html, IReadOnlyList<TranscriptPathway> pathways)
    {
        if (pathways.Count == 0)
        {
            return;
        }

        html.Append("""
            <section aria-labelledby="pathways" data-testid="pathways">
            <h2 id="pathways">Completed pathways</h2>
            <p>A pathway's hours are those of its modules, which the school years below already count.</p>
            <table>
            <caption>Pathways you completed</caption>
            <thead><tr><th scope="col">Pathway</th><th scope="col">School year</th><th scope="col">Completed</th><th scope="col">PD credit hours</th><th scope="col">Certificate</th></tr></thead>
            <tbody>

            """);
        foreach (var pathway in pathways)
        {
            var title = PageLayout.Encode(pathway.Title);
            var pdf = $"/app/records/certificates/pathways/{Uri.EscapeDataString(pathway.PathwayId)}/{pathway.CycleStartMs.ToString(CultureInfo.InvariantCulture)}";
            var verify = pathway.Certificate is { } certificate
                ? $" (<a href=\"/records/verify/{Uri.EscapeDataString(certificate.Code)}\" data-testid=\"verify\">verification page</a>)"
                : "";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-testid=\"pathway-{PageLayout.Encode(pathway.SubjectId)}\"><th scope=\"row\">{title}</th><td>{PageLayout.Encode(pathway.Year.Label)}</td><td>{CertificatePdf.FormatDate(pathway.CompletedAt)}</td><td>{pathway.CreditHours.ToString("0.##", CultureInfo.InvariantCulture)}</td><td><a href=\"{pdf}\">Certificate for {title} (PDF)</a>{verify}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    public static string Verification(Certificate certificate, string? shownName)
    {
        var status = certificate.IsValid
            ? "<p data-testid=\"status\" class=\"valid\"><strong>Valid.</strong> This certificate was issued by the district named below and has not been revoked.</p>"
            : $"<p data-testid=\"status\" role=\"alert\"><strong>Revoked</strong> on {CertificatePdf.FormatDate(certificate.RevokedAt!.Value)}. The district no longer stands behind this certificate.</p>";
        var kind = certificate.Subject.Kind == CertificateKind.Pathway ? "Pathway" : "Module";
        var name = shownName is null ? "" : $"<dt>Holder</dt><dd data-testid=\"holder\">{PageLayout.Encode(shownName)}</dd>\n";
        return status + $"""

            <dl>
            {name}<dt>{kind}</dt><dd data-testid="subject">{PageLayout.Encode(certificate.Subject.Title)}</dd>
            <dt>PD credit hours</dt><dd data-testid="hours">{certificate.Subject.CreditHours.ToString("0.##", CultureInfo.InvariantCulture)}</dd>
            <dt>Completed</dt><dd data-testid="completed">{CertificatePdf.FormatDate(certificate.Subject.CompletedAt)}</dd>
            <dt>Issued</dt><dd>{CertificatePdf.FormatDate(certificate.IssuedAt)}</dd>
            <dt>Issued by</dt><dd data-testid="district">{PageLayout.Encode(certificate.DistrictName)}</dd>
            <dt>Certificate code</dt><dd><code>{PageLayout.Encode(certificate.Code)}</code></dd>
            </dl>

            """;
    }
}
