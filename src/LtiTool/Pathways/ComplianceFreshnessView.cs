using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// Shows how current the compliance figures are when they come from stored rows that miss recent
/// changes: a notice on the page, a mark on each pending person, and a cell in each CSV row.
/// </summary>
internal static class ComplianceFreshnessView
{
    /// <summary>The notice of a pathway with no stored rows yet, in a district too large to evaluate in the read.</summary>
    public const string BeingComputedText = "The figures of this pathway are being computed. They are usually ready within a few seconds.";

    /// <summary>Appends the notice of <paramref name="read"/>, or nothing when its figures are exact.</summary>
    public static void AppendNotice(StringBuilder body, ComplianceRead read, string reloadQuery)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(read);
        string text;
        if (read.RowsMissing)
        {
            text = PageLayout.Encode(BeingComputedText);
        }
        else if (read is { OlderDefinition: true, Stale.BuiltAt: { } builtAt })
        {
            text = $"These figures were computed at {Time(builtAt)}, before this pathway last changed (an edit, a new annual cycle or a change of its catalog modules). " +
                "They are being updated now.";
        }
        else if (read is { PendingPeople: > 0 and var pending, Stale.BuiltAt: { } refreshedAt })
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{pending} {(pending == 1 ? "person" : "people")} in your district changed since these figures were last brought up to date at {Time(refreshedAt)}. ") +
                "Those changes are being applied now, and the people with a pending change are marked in the list below.";
        }
        else
        {
            return;
        }

        // role="status" makes screen readers read the notice politely, as the other notices of these pages.
        body.Append(CultureInfo.InvariantCulture,
            $"<div class=\"notice\" role=\"status\" data-testid=\"freshness\"><p>{text} <a href=\"/app/compliance?{PageLayout.Encode(reloadQuery)}\">Reload the figures</a> in a few seconds.</p></div>\n");
    }

    /// <summary>Returns the text after a pending person's state in the people list, or an empty string.</summary>
    public static string PendingMark(ComplianceRead read, ComplianceEntry entry) =>
        read.OlderDefinition || entry.Pending ? " <span data-testid=\"pending\">(update pending)</span>" : string.Empty;

    /// <summary>
    /// Returns the CSV's <c>pending_update</c> cell for every row (when the rows were built from an
    /// older definition) and for the rows of pending people. A row exact at the export gets neither.
    /// </summary>
    public static (string? EveryRow, string? PendingRow) PendingUpdateCells(ComplianceRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read is { OlderDefinition: true, Stale.BuiltAt: { } builtAt })
        {
            return ($"computed at {Time(builtAt)} before the pathway last changed", null);
        }

        return read is { PendingPeople: > 0, Stale.BuiltAt: { } refreshedAt } ? (null, $"this person changed after {Time(refreshedAt)}; the change is not counted yet") : (null, null);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
