using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pathways;

/// <summary>
/// The teacher's "my pathway" page at <c>/app/pathways/mine</c>: per assigned pathway, what is
/// required and when it is due, the electives chosen, and what is left in each module.
/// </summary>
internal static class MyPathwayView
{
    public static string Render(LtiSession session, IReadOnlyList<PathwayStatus> statuses, IReadOnlyDictionary<string, ModuleProgress> progress, bool saved)
    {
        var body = new StringBuilder();
        if (saved)
        {
            body.Append("<p class=\"notice success\" role=\"status\" data-testid=\"saved\">Your electives are saved.</p>\n");
        }

        if (statuses.Count == 0)
        {
            body.Append("<p data-testid=\"no-pathway\">No pathway is assigned to you yet. You can still take any module in the <a href=\"/app/modules\">catalog</a>.</p>\n");
            return PageLayout.Render("My pathway", body.ToString());
        }

        foreach (var status in statuses)
        {
            AppendPathway(body, session, status, progress);
        }

        return PageLayout.Render("My pathway", body.ToString());
    }

    private static void AppendPathway(StringBuilder body, LtiSession session, PathwayStatus status, IReadOnlyDictionary<string, ModuleProgress> progress)
    {
        var pathway = status.Pathway;
        var headingId = $"pathway-{Uri.EscapeDataString(pathway.Id)}";
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\" aria-labelledby=\"{PageLayout.Encode(headingId)}\" data-pathway-id=\"{PageLayout.Encode(pathway.Id)}\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{PageLayout.Encode(headingId)}\">{PageLayout.Encode(pathway.Title)}</h2>\n");
        if (pathway.Description.Length > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>{PageLayout.Encode(pathway.Description)}</p>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p><strong data-testid=\"pathway-state\">{StateLabel(status.State)}</strong>");
        if (status.Cycle.End is { } end)
        {
            body.Append(CultureInfo.InvariantCulture, $" · Renews every year; this year's completion counts until {Day(end)}.");
        }

        body.Append("</p>\n");

        var required = status.Modules.Where(module => module.Entry.IsRequired).ToList();
        if (required.Count > 0)
        {
            body.Append("<h3>Required</h3>\n<ul class=\"plain\" data-testid=\"required\">\n");
            foreach (var module in required)
            {
                AppendModule(body, module, progress);
            }

            body.Append("</ul>\n");
        }

        AppendElectives(body, session, status, progress);
        body.Append("</section>\n");
    }

    private static void AppendElectives(StringBuilder body, LtiSession session, PathwayStatus status, IReadOnlyDictionary<string, ModuleProgress> progress)
    {
        var electives = status.Modules.Where(module => !module.Entry.IsRequired).ToList();
        if (electives.Count == 0)
        {
            return;
        }

        var pathway = status.Pathway;
        body.Append("<h3>Electives</h3>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"electives-needed\">Complete {pathway.ElectivesRequired} of these; you have completed {status.ElectivesDone}.</p>\n");
        var chosen = electives.Where(module => module.Chosen).ToList();
        if (chosen.Count > 0)
        {
            body.Append("<ul class=\"plain\" data-testid=\"chosen\">\n");
            foreach (var module in chosen)
            {
                AppendModule(body, module, progress);
            }

            body.Append("</ul>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/pathways/{Uri.EscapeDataString(pathway.Id)}/electives\">{CsrfCheck.HiddenField(session)}\n");
        body.Append("<fieldset><legend>Choose your electives</legend>\n");
        foreach (var module in electives)
        {
            body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"module\" value=\"{PageLayout.Encode(module.Module.Id)}\"{(module.Chosen ? " checked" : "")}> {PageLayout.Encode(module.Module.Title)} ({LearnerText.CreditHours(module.Module.CreditHours)})</label>\n");
        }

        body.Append("</fieldset><button type=\"submit\">Save my electives</button></form>\n");
    }

    private static void AppendModule(StringBuilder body, PathwayModuleStatus module, IReadOnlyDictionary<string, ModuleProgress> progress)
    {
        var url = LearnerText.ModuleUrl(module.Module);
        body.Append(CultureInfo.InvariantCulture, $"<li data-module-id=\"{PageLayout.Encode(module.Module.Id)}\"><a href=\"{PageLayout.Encode(url)}\">{PageLayout.Encode(module.Module.Title)}</a>");
        body.Append(CultureInfo.InvariantCulture, $" · <span data-testid=\"module-state\">{StateLabel(module.State)}</span>");
        if (module.DueOn is { } due)
        {
            body.Append(CultureInfo.InvariantCulture, $" · <span data-testid=\"due\">due {due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}</span>");
        }

        if (module.CompletedAt is { } completed)
        {
            body.Append(CultureInfo.InvariantCulture, $" · completed {Day(completed)}");
            if (module.ExpiresAt is { } expires)
            {
                body.Append(CultureInfo.InvariantCulture, $" · <span data-testid=\"expires\">expires {Day(expires)}, when it is required again</span>");
            }
        }
        else if (module.ExpiredCompletionAt is { } expired)
        {
            body.Append(CultureInfo.InvariantCulture, $" · <span data-testid=\"expired\">your completion of {Day(expired)} counted for an earlier school year and has expired</span>");
        }

        if (module.State != ProgressState.Done && progress.TryGetValue(module.Module.Id, out var moduleProgress))
        {
            body.Append(CultureInfo.InvariantCulture, $"<br><span class=\"meta\" data-testid=\"left\">{PageLayout.Encode(LearnerText.ProgressSummary(moduleProgress))}</span>");
        }

        body.Append("</li>\n");
    }

    public static string StateLabel(ProgressState state) => state switch
    {
        ProgressState.NotStarted => "Not started",
        ProgressState.InProgress => "In progress",
        ProgressState.Done => "Done",
        ProgressState.Overdue => "Overdue",
    };

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
