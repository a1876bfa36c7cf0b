using System.Globalization;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// The rows of the transcript CSV: one per completed module, then one per completed pathway
/// cycle. A pathway row repeats the hours of its modules, so a year's total is the sum of the
/// module rows alone.
/// </summary>
internal static class TranscriptCsv
{
    public static readonly string[] Header =
        ["district", "school_year", "kind", "id", "title", "completed_at_utc", "pd_credit_hours", "verification_url"];

    public static IEnumerable<string[]> Rows(Transcript transcript, Func<string, Uri> verificationUrl)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(verificationUrl);
        foreach (var year in transcript.Years.OrderBy(year => year.Year.StartYear))
        {
            foreach (var entry in year.Entries)
            {
                yield return [transcript.DistrictName, year.Year.Label, "module", entry.ModuleId, entry.Title, Timestamp(entry.CompletedAt), Hours(entry.CreditHours), ""];
            }
        }

        foreach (var pathway in transcript.Pathways.OrderBy(pathway => pathway.CompletedAt))
        {
            var url = pathway.Certificate is { } certificate ? verificationUrl(certificate.Code).AbsoluteUri : "";
            yield return [transcript.DistrictName, pathway.Year.Label, "pathway", pathway.PathwayId, pathway.Title, Timestamp(pathway.CompletedAt), Hours(pathway.CreditHours), url];
        }
    }

    private static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Hours(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture);
}
