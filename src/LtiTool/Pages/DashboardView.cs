using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pages;

/// <summary>The learner's part of <c>/app</c>: points so far, completed modules and credit, and progress per module started.</summary>
internal static class DashboardView
{
    /// <summary>Renders the dashboard; <paramref name="recognitionSummary"/> is the recognition section's HTML, placed after the summary.</summary>
    public static string Render(IReadOnlyList<CatalogModule> modules, IReadOnlyDictionary<string, ModuleProgress> progress, string recognitionSummary = "")
    {
        var points = progress.Values.Sum(module => module.PointsEarned);
        var completed = modules.Where(module => progress[module.Id].IsComplete).ToList();
        var started = modules.Where(module => progress[module.Id].IsStarted).ToList();
        var credit = completed.Sum(module => module.CreditHours);

        var body = new StringBuilder();
        body.Append("<section aria-labelledby=\"summary-heading\">\n<h2 id=\"summary-heading\">Your professional learning</h2>\n<dl>\n");
        // Module points are the catalog activities' points, which complete modules. The recognition
        // section below shows the points ledger, which also counts completed modules, pathways, live
        // sessions and reversals, so each total is named.
        body.Append(CultureInfo.InvariantCulture, $"<dt>Module points (count toward completing modules)</dt><dd data-testid=\"total-points\">{points}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>Modules completed</dt><dd data-testid=\"modules-completed\">{completed.Count} of {modules.Count}</dd>\n");
        body.Append(CultureInfo.InvariantCulture, $"<dt>PD credit earned</dt><dd data-testid=\"credit-earned\">{LearnerText.CreditHours(credit)}</dd>\n");
        body.Append("</dl>\n");
        body.Append("<p><a href=\"/app/modules\" data-testid=\"catalog-link\">Browse the module catalog</a></p>\n</section>\n");
        body.Append(recognitionSummary);

        body.Append("<section aria-labelledby=\"modules-heading\">\n<h2 id=\"modules-heading\">Modules you have started</h2>\n");
        if (started.Count == 0)
        {
            body.Append("<p>You have not started a module yet. Pick one from the catalog; most take under two hours, in short activities you can spread over several days.</p>\n");
        }
        else
        {
            body.Append("<ul class=\"plain\" data-testid=\"module-progress-list\">\n");
            foreach (var module in started)
            {
                var labelId = $"dash-{module.Id}";
                body.Append(CultureInfo.InvariantCulture, $"<li class=\"card\" data-module-id=\"{PageLayout.Encode(module.Id)}\"><h3><a href=\"{PageLayout.Encode(LearnerText.ModuleUrl(module))}\">{PageLayout.Encode(module.Title)}</a></h3>\n");
                body.Append(CultureInfo.InvariantCulture, $"<p id=\"{labelId}\" data-testid=\"module-status\">{PageLayout.Encode(LearnerText.ProgressSummary(progress[module.Id]))}</p>\n");
                body.Append(LearnerText.ProgressBar(progress[module.Id], labelId));
                body.Append("</li>\n");
            }

            body.Append("</ul>\n");
        }

        body.Append("</section>\n");
        return body.ToString();
    }
}
