using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pages;

/// <summary>The catalog list at <c>/app/modules</c>.</summary>
internal static class ModuleListView
{
    public static string Render(IReadOnlyList<CatalogModule> modules, IReadOnlyDictionary<string, ModuleProgress> progress)
    {
        var body = new StringBuilder();
        if (modules.Count == 0)
        {
            body.Append("<p>No modules are available yet. Ask your PD leader to check the catalog.</p>");
            return PageLayout.Render("Module catalog", body.ToString(), Breadcrumbs());
        }

        body.Append(CultureInfo.InvariantCulture, $"<p>{modules.Count} modules. Each one is made of short activities; complete the required ones and earn the points shown to finish a module.</p>\n");
        body.Append("<ul class=\"plain\">\n");
        foreach (var module in modules)
        {
            var moduleProgress = progress[module.Id];
            var labelId = $"progress-{module.Id}";
            body.Append(CultureInfo.InvariantCulture, $"<li class=\"card\" data-testid=\"module-card\" data-module-id=\"{PageLayout.Encode(module.Id)}\">\n");
            body.Append(CultureInfo.InvariantCulture, $"<h2><a href=\"{PageLayout.Encode(LearnerText.ModuleUrl(module))}\">{PageLayout.Encode(module.Title)}</a></h2>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p>{PageLayout.Encode(module.Summary)}</p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\"><span class=\"tag\">{PageLayout.Encode(module.Topic)}</span> ");
            body.Append(CultureInfo.InvariantCulture, $"{LearnerText.Minutes(module.EstimatedMinutes)} · {LearnerText.CreditHours(module.CreditHours)} · {module.Activities.Count} activities</p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p id=\"{labelId}\" data-testid=\"module-status\">{PageLayout.Encode(LearnerText.ProgressSummary(moduleProgress))}</p>\n");
            body.Append(LearnerText.ProgressBar(moduleProgress, labelId));
            body.Append("\n</li>\n");
        }

        body.Append("</ul>\n");
        return PageLayout.Render("Module catalog", body.ToString(), Breadcrumbs());
    }

    private static List<PageLayout.Crumb> Breadcrumbs() => [new("My dashboard", "/app"), new("Module catalog", null)];
}
