using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Analytics.Queries;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// The compliance page at <c>/app/compliance</c>: filters, counts per state by school, by course
/// and by required module, and one page of the people counted.
/// </summary>
internal static class ComplianceView
{
    private static readonly ProgressState[] States = [ProgressState.Done, ProgressState.InProgress, ProgressState.NotStarted, ProgressState.Overdue];

    private const string Styles = """
        <style>
        .filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 1rem 0; }
        .filters div { display: flex; flex-direction: column; max-width: 100%; }
        .filters select, .filters input { font: inherit; padding: 0.35rem; border: 1px solid #4a4a4a; border-radius: 4px; max-width: 100%; }
        </style>
        """;

    public static string RenderEmpty() =>
        PageLayout.Render("Compliance", PathwayViews.LeaderNav() +
            "<p>Your district has no pathways yet. <a href=\"/app/pathways/new\">Create a pathway</a> to follow its completion here.</p>\n");

    public static string Render(
        ComplianceChoices choices, IQueryCollection query, ComplianceFilter filter, ComplianceCounts counts, IReadOnlyList<ComplianceEntry> people, ComplianceLabels labels, ComplianceRead read)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(labels);
        var body = new StringBuilder(PathwayViews.LeaderNav()).Append(Styles).Append('\n');
        AppendPathways(body, choices);
        ComplianceFreshnessView.AppendNotice(body, read, QueryString(choices, query, filter.Page));
        AppendForm(body, choices, query);
        body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/app/compliance.csv?{PageLayout.Encode(QueryString(choices, query, page: null))}\" data-testid=\"csv-link\" download>Download as CSV</a> (one row per person for the pathway and for each required module, with these filters)</p>\n");

        var item = filter.ModuleId is { } moduleId ? labels.Item(moduleId) : "Whole pathway";
        var empty = filter.NarrowsPeople ? "No one assigned this pathway matches these filters." : "No one is assigned this pathway yet.";
        AppendTable(body, $"{item}, by school", "by-school", counts.BySchool, empty);
        AppendTable(body, $"{item}, by course", "by-course", counts.ByCourse, empty);
        AppendTable(body, "Required modules", "by-module", counts.ByModule, empty);
        AppendPeople(body, choices, query, filter, counts.People, people, labels, read);
        return PageLayout.Render("Compliance", body.ToString());
    }

    /// <summary>Renders the page of a pathway whose figures are not computed yet: the notice and the filters, with no tables.</summary>
    public static string RenderBeingComputed(ComplianceChoices choices, IQueryCollection query, ComplianceRead read)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var body = new StringBuilder(PathwayViews.LeaderNav()).Append(Styles).Append('\n');
        AppendPathways(body, choices);
        ComplianceFreshnessView.AppendNotice(body, read, QueryString(choices, query, page: null));
        AppendForm(body, choices, query);
        return PageLayout.Render("Compliance", body.ToString());
    }

    public static string RenderErrors(ComplianceChoices choices, IQueryCollection query, IReadOnlyList<FilterError> errors)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(errors);
        var body = new StringBuilder(PathwayViews.LeaderNav()).Append(Styles).Append('\n');
        body.Append("<div class=\"notice error\" role=\"alert\" data-testid=\"error\"><p>Compliance could not be shown because of these filter values:</p><ul>\n");
        foreach (var error in errors)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li data-parameter=\"{PageLayout.Encode(error.Parameter)}\">{PageLayout.Encode(error.Message)}</li>\n");
        }

        body.Append("</ul></div>\n");
        AppendPathways(body, choices);
        AppendForm(body, choices, query);
        return PageLayout.Render("Compliance", body.ToString());
    }

    private static void AppendPathways(StringBuilder body, ComplianceChoices choices)
    {
        body.Append("<nav aria-label=\"Pathways\"><ul class=\"plain\">\n");
        foreach (var pathway in choices.Pathways)
        {
            var current = pathway.Id == choices.Selected.Id ? " aria-current=\"page\"" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/app/compliance?pathway={Uri.EscapeDataString(pathway.Id)}\"{current}>{PageLayout.Encode(pathway.Title)}</a></li>\n");
        }

        body.Append("</ul></nav>\n");
        body.Append(CultureInfo.InvariantCulture, $"<h2>{PageLayout.Encode(choices.Selected.Title)}</h2>\n");
    }

    private static void AppendForm(StringBuilder body, ComplianceChoices choices, IQueryCollection query)
    {
        body.Append("<form method=\"get\" action=\"/app/compliance\" class=\"filters\" aria-label=\"Compliance filters\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"pathway\" value=\"{PageLayout.Encode(choices.Selected.Id)}\">\n");
        AppendSelect(body, "module", "Item", "Whole pathway", choices.Modules, query);
        AppendSelect(body, "school", "School", "All", choices.Schools, query);
        AppendSelect(body, "course", "Course", "All", choices.Courses, query);
        AppendSelect(body, "role", "Role", "All", ComplianceChoices.Roles, query);
        body.Append(CultureInfo.InvariantCulture, $"<div><label for=\"from\">Due from</label><input type=\"date\" id=\"from\" name=\"from\" value=\"{PageLayout.Encode(query["from"].ToString())}\"></div>\n");
        body.Append(CultureInfo.InvariantCulture, $"<div><label for=\"to\">Due until</label><input type=\"date\" id=\"to\" name=\"to\" value=\"{PageLayout.Encode(query["to"].ToString())}\"></div>\n");
        body.Append("<div><button type=\"submit\">Apply filters</button></div>\n</form>\n");
    }

    private static void AppendSelect(StringBuilder body, string name, string label, string allLabel, IReadOnlyList<KeyValuePair<string, string>> options, IQueryCollection query)
    {
        var selected = query[name].ToString();
        body.Append(CultureInfo.InvariantCulture, $"<div><label for=\"{name}\">{label}</label><select id=\"{name}\" name=\"{name}\"><option value=\"\">{allLabel}</option>");
        foreach (var (value, text) in options)
        {
            var isSelected = string.Equals(value, selected, StringComparison.Ordinal) ? " selected" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{PageLayout.Encode(value)}\"{isSelected}>{PageLayout.Encode(text)}</option>");
        }

        body.Append("</select></div>\n");
    }

    // The wrapper scrolls sideways in a narrow iframe, so it takes focus for keyboard scrolling
    // (WCAG 2.1.1) and is named as a region.
    private static void AppendTable(StringBuilder body, string caption, string testId, IReadOnlyList<ComplianceGroup> groups, string empty)
    {
        body.Append(CultureInfo.InvariantCulture, $"<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{PageLayout.Encode(caption)}\"><table data-testid=\"{testId}\"><caption>{PageLayout.Encode(caption)}</caption>\n<thead><tr><th scope=\"col\">Group</th>");
        foreach (var state in States)
        {
            body.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{MyPathwayView.StateLabel(state)}</th>");
        }

        body.Append("<th scope=\"col\">People</th></tr></thead><tbody>\n");
        foreach (var group in groups)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{PageLayout.Encode(group.Label)}</th>");
            foreach (var state in States)
            {
                body.Append(CultureInfo.InvariantCulture, $"<td>{group.Count(state)}</td>");
            }

            body.Append(CultureInfo.InvariantCulture, $"<td>{group.People}</td></tr>\n");
        }

        if (groups.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{States.Length + 2}\">{PageLayout.Encode(empty)}</td></tr>\n");
        }

        body.Append("</tbody></table></div>\n");
    }

    private static void AppendPeople(
        StringBuilder body,
        ComplianceChoices choices,
        IQueryCollection query,
        ComplianceFilter filter,
        int total,
        IReadOnlyList<ComplianceEntry> people,
        ComplianceLabels labels,
        ComplianceRead read)
    {
        var first = ((filter.Page - 1) * ComplianceReader.PageSize) + 1;
        var last = first + people.Count - 1;
        body.Append("<h3 id=\"people-heading\">People</h3>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"people-count\">{(people.Count == 0 ? $"No people on this page; {total} in all." : $"People {first} to {last} of {total}.")}</p>\n");
        body.Append("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"people-heading\"><table data-testid=\"people\"><caption>People, by name</caption>\n");
        body.Append("<thead><tr><th scope=\"col\">Person</th><th scope=\"col\">School</th><th scope=\"col\">State</th><th scope=\"col\">Due</th><th scope=\"col\">Completed</th></tr></thead><tbody>\n");
        foreach (var person in people)
        {
            var completed = person.DoneAtMs is { } doneAt ? DateTimeOffset.FromUnixTimeMilliseconds(doneAt).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty;
            body.Append(CultureInfo.InvariantCulture,
                $"<tr><th scope=\"row\">{PageLayout.Encode(person.Name ?? person.Subject)}</th><td>{PageLayout.Encode(labels.SchoolName(person.RegistrationId, person.SchoolId) ?? string.Empty)}</td>" +
                $"<td>{MyPathwayView.StateLabel(person.State)}{ComplianceFreshnessView.PendingMark(read, person)}</td><td>{PageLayout.Encode(person.DueOn ?? string.Empty)}</td><td>{completed}</td></tr>\n");
        }

        body.Append("</tbody></table></div>\n");
        var links = new List<string>();
        if (filter.Page > 1)
        {
            links.Add($"<a href=\"/app/compliance?{PageLayout.Encode(QueryString(choices, query, filter.Page - 1))}\" rel=\"prev\">Previous page</a>");
        }

        if (last < total)
        {
            links.Add($"<a href=\"/app/compliance?{PageLayout.Encode(QueryString(choices, query, filter.Page + 1))}\" rel=\"next\">Next page</a>");
        }

        if (links.Count > 0)
        {
            body.Append("<nav aria-label=\"People pages\" data-testid=\"pager\"><p>").Append(string.Join(" ", links)).Append("</p></nav>\n");
        }
    }

    // The filters of the request, for the CSV link and the pager, with the selected pathway and the given page.
    private static string QueryString(ComplianceChoices choices, IQueryCollection query, int? page)
    {
        var parts = new List<string> { "pathway=" + Uri.EscapeDataString(choices.Selected.Id) };
        foreach (var name in new[] { "module", "school", "course", "role", "from", "to" })
        {
            if (query[name].ToString() is { Length: > 0 } value)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        if (page is { } number)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"page={number}"));
        }

        return string.Join("&", parts);
    }
}
