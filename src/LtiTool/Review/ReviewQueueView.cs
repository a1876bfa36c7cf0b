using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Review;

/// <summary>The review queue at <c>/app/review</c>: a filter form (module, status, age, order) and the matching evidence.</summary>
internal static class ReviewQueueView
{
    public static readonly (string Value, string Label)[] StatusChoices =
    [
        ("waiting", "Waiting for review"), ("returned", "Returned for revision"), ("approved", "Approved"), ("all", "Any status"),
    ];

    public static readonly (string Value, string Label)[] AgeChoices =
    [
        ("", "Any age"), ("3", "Waiting 3 days or more"), ("7", "Waiting 7 days or more"), ("14", "Waiting 14 days or more"), ("30", "Waiting 30 days or more"),
    ];

    public static string Render(ModuleCatalog catalog, ReviewQueueQuery query, IReadOnlyList<EvidenceQueueRow> rows, DateTimeOffset now, int limit)
    {
        var body = new StringBuilder();
        AppendFilterForm(body, catalog, query);

        body.Append("<h2 id=\"queue-heading\">Evidence</h2>\n");
        if (rows.Count == 0)
        {
            body.Append("<p data-testid=\"queue-empty\">No evidence matches these filters.</p>\n");
            return PageLayout.Render("Review evidence", body.ToString(), [new("My dashboard", "/app"), new("Review evidence", null)]);
        }

        if (rows.Count == limit)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Showing the first {limit}. Narrow the filters to see the rest.</p>\n");
        }

        body.Append("<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"queue-heading\" tabindex=\"0\">\n<table data-testid=\"queue\">\n");
        body.Append("<thead><tr><th scope=\"col\">Teacher</th><th scope=\"col\">Module and activity</th><th scope=\"col\">Status</th><th scope=\"col\">Submitted</th></tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            var module = catalog.Find(row.ModuleId);
            var activity = module?.FindActivity(row.ActivityId);
            var days = (int)Math.Floor((now - row.LastSubmittedAt).TotalDays);
            var waiting = days switch { <= 0 => "today", 1 => "1 day ago", _ => $"{days} days ago" };
            body.Append(CultureInfo.InvariantCulture, $"<tr data-testid=\"queue-row\" data-submission-id=\"{PageLayout.Encode(row.Id)}\">");
            body.Append(CultureInfo.InvariantCulture, $"<td><a href=\"/app/review/{Uri.EscapeDataString(row.Id)}\">{PageLayout.Encode(row.LearnerName ?? "Unnamed teacher")}</a></td>");
            body.Append(CultureInfo.InvariantCulture, $"<td>{PageLayout.Encode(module?.Title ?? row.ModuleId)}: {PageLayout.Encode(activity?.Title ?? row.ActivityId)}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td>{EvidenceHistoryView.StatusLabel(row.Status)} (version {row.Revision})</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td>{EvidenceHistoryView.Date(row.LastSubmittedAt)}, {waiting}</td></tr>\n");
        }

        body.Append("</tbody>\n</table>\n</div>\n");
        return PageLayout.Render("Review evidence", body.ToString(), [new("My dashboard", "/app"), new("Review evidence", null)]);
    }

    /// <summary>Renders the queue page for a query string with invalid filter values: the messages and a filter form with the defaults, no evidence.</summary>
    public static string RenderErrors(ModuleCatalog catalog, IReadOnlyList<string> errors)
    {
        var body = new StringBuilder();
        body.Append("<div class=\"notice error\" role=\"alert\" data-testid=\"filter-errors\"><p>The review queue could not be shown because of these filter values:</p><ul>\n");
        foreach (var error in errors)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{PageLayout.Encode(error)}</li>\n");
        }

        body.Append("</ul></div>\n");
        AppendFilterForm(body, catalog, ReviewQueueQuery.Default);
        return PageLayout.Render("Review evidence", body.ToString(), [new("My dashboard", "/app"), new("Review evidence", null)]);
    }

    private static void AppendFilterForm(StringBuilder body, ModuleCatalog catalog, ReviewQueueQuery query)
    {
        body.Append("<form method=\"get\" action=\"/app/review\" class=\"card\" data-testid=\"queue-filter\">\n<h2>Filter</h2>\n");
        AppendSelect(body, "module", "Module", [("", "All modules"), .. catalog.Modules.Select(module => (module.Id, module.Title))], query.ModuleId ?? string.Empty);
        AppendSelect(body, "status", "Status", StatusChoices, query.Status);
        AppendSelect(body, "age", "Age", AgeChoices, query.MinAgeDays?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        AppendSelect(body, "order", "Order", [("oldest", "Oldest first"), ("newest", "Newest first")], query.NewestFirst ? "newest" : "oldest");
        body.Append("<p><button type=\"submit\">Show evidence</button></p>\n</form>\n");
    }

    private static void AppendSelect(StringBuilder body, string name, string label, IEnumerable<(string Value, string Label)> choices, string selected)
    {
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"filter-{name}\">{label}</label><br>\n<select id=\"filter-{name}\" name=\"{name}\">");
        foreach (var (value, text) in choices)
        {
            var isSelected = value == selected ? " selected" : string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{PageLayout.Encode(value)}\"{isSelected}>{PageLayout.Encode(text)}</option>");
        }

        body.Append("</select></p>\n");
    }
}
