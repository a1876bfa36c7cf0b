using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pages;

/// <summary>An evidence activity's task, accepted forms and analytic rubric (criteria as rows, levels as columns).</summary>
internal static class EvidenceView
{
    public static void Append(StringBuilder body, CatalogActivity activity)
    {
        var evidence = activity.Evidence!;
        body.Append("<section aria-labelledby=\"task-heading\" class=\"card\">\n<h2 id=\"task-heading\">What to submit</h2>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p>{PageLayout.Encode(evidence.Prompt)}</p>\n");
        var forms = string.Join(", ", evidence.Accepts.Select(format => format switch
        {
            EvidenceFormat.Text => "written text",
            EvidenceFormat.Link => "a link",
            EvidenceFormat.File => "an uploaded file",
        }));
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Accepted as: {forms}.</p>\n</section>\n");

        body.Append("<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"rubric-caption\" tabindex=\"0\">\n<table data-testid=\"rubric\">\n");
        body.Append("<caption id=\"rubric-caption\">Rubric your reviewer will use</caption>\n<thead><tr><th scope=\"col\">Criterion</th>");
        foreach (var level in evidence.Rubric.Levels)
        {
            body.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{PageLayout.Encode(level.Label)} ({level.Score})</th>");
        }

        body.Append("</tr></thead>\n<tbody>\n");
        foreach (var criterion in evidence.Rubric.Criteria)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{PageLayout.Encode(criterion.Title)}</th>");
            foreach (var level in evidence.Rubric.Levels)
            {
                body.Append(CultureInfo.InvariantCulture, $"<td>{PageLayout.Encode(criterion.Descriptors[level.Id])}</td>");
            }

            body.Append("</tr>\n");
        }

        body.Append("</tbody>\n</table>\n</div>\n");

        // TODO: evidence submission (text, link, file upload) and rubric review are not built yet,
        // so an evidence activity cannot be done and a module that requires one cannot complete.
        body.Append("<p class=\"notice\" data-testid=\"evidence-unavailable\">Submitting evidence is not open yet. Prepare your evidence with the rubric above; your PD leader will tell you when submissions open.</p>\n");
    }
}
