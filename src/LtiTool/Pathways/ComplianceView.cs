using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Pathways;

/// <summary>The compliance page at <c>/app/compliance</c>: counts per state, by school, by course and by required module.</summary>
internal static class ComplianceView
{
    private static readonly ProgressState[] States = [ProgressState.Done, ProgressState.InProgress, ProgressState.NotStarted, ProgressState.Overdue];

    public static string Render(IReadOnlyList<Pathway> pathways, Pathway? selected, IReadOnlyList<ComplianceRow> rows, ComplianceData? data)
    {
        var body = new StringBuilder(PathwayViews.LeaderNav());
        if (pathways.Count == 0 || selected is null || data is null)
        {
            body.Append("<p>Your district has no pathways yet. <a href=\"/app/pathways/new\">Create a pathway</a> to follow its completion here.</p>\n");
            return PageLayout.Render("Compliance", body.ToString());
        }

        body.Append("<nav aria-label=\"Pathways\"><ul class=\"plain\">\n");
        foreach (var pathway in pathways)
        {
            var current = pathway.Id == selected.Id ? " aria-current=\"page\"" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/app/compliance?pathway={Uri.EscapeDataString(pathway.Id)}\"{current}>{PageLayout.Encode(pathway.Title)}</a></li>\n");
        }

        body.Append("</ul></nav>\n");
        body.Append(CultureInfo.InvariantCulture, $"<h2>{PageLayout.Encode(selected.Title)}</h2>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/app/compliance.csv?pathway={Uri.EscapeDataString(selected.Id)}\" data-testid=\"csv-link\" download>Download as CSV</a> (one row per person for the pathway and for each required module)</p>\n");

        var pathwayRows = rows.Where(row => row.ModuleTitle is null).ToList();
        AppendTable(body, "Whole pathway, by school", "by-school", pathwayRows
            .GroupBy(row => row.Person.SchoolId is { } school ? data.SchoolNames.GetValueOrDefault((row.Person.RegistrationId, school), school) : "(no school)", StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.OrdinalIgnoreCase)
            .Select(group => (group.Key, (IEnumerable<ComplianceRow>)group)));
        AppendTable(body, "Whole pathway, by course", "by-course", pathwayRows
            .SelectMany(row => (row.Person.ContextRefs.Count == 0 ? ["(no course)"] : row.Person.ContextRefs.Select(course => data.CourseNames.GetValueOrDefault(course, course))).Select(course => (Course: course, Row: row)))
            .GroupBy(entry => entry.Course, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.OrdinalIgnoreCase)
            .Select(group => (group.Key, group.Select(entry => entry.Row))));
        AppendTable(body, "Required modules", "by-module", rows
            .Where(row => row.ModuleTitle is not null)
            .GroupBy(row => row.ModuleTitle!, StringComparer.Ordinal)
            .Select(group => (group.Key, (IEnumerable<ComplianceRow>)group)));
        return PageLayout.Render("Compliance", body.ToString());
    }

    // The wrapper scrolls sideways in a narrow iframe, so it takes focus for keyboard scrolling
    // (WCAG 2.1.1) and is named as a region.
    private static void AppendTable(StringBuilder body, string caption, string testId, IEnumerable<(string Label, IEnumerable<ComplianceRow> Rows)> groups)
    {
        body.Append(CultureInfo.InvariantCulture, $"<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{PageLayout.Encode(caption)}\"><table data-testid=\"{testId}\"><caption>{PageLayout.Encode(caption)}</caption>\n<thead><tr><th scope=\"col\">Group</th>");
        foreach (var state in States)
        {
            body.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{MyPathwayView.StateLabel(state)}</th>");
        }

        body.Append("<th scope=\"col\">People</th></tr></thead><tbody>\n");
        var any = false;
        foreach (var (label, rows) in groups)
        {
            any = true;
            var list = rows.ToList();
            body.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{PageLayout.Encode(label)}</th>");
            foreach (var state in States)
            {
                body.Append(CultureInfo.InvariantCulture, $"<td>{list.Count(row => row.State == state)}</td>");
            }

            body.Append(CultureInfo.InvariantCulture, $"<td>{list.Count}</td></tr>\n");
        }

        if (!any)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{States.Length + 2}\">No one is assigned this pathway yet.</td></tr>\n");
        }

        body.Append("</tbody></table></div>\n");
    }
}
