using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Analytics;

/// <summary>Writes one chart's section: heading, text summary, the chart with its alt text, and the data table behind it.</summary>
internal static class DashboardTable
{
    /// <summary>
    /// Appends a section. <paramref name="svg"/> is trusted ScottPlot output; every other string
    /// is encoded here. <paramref name="rows"/> hold plain cell text. <paramref name="filters"/>
    /// names the filters applied besides the date range, or is empty; the table caption repeats it.
    /// </summary>
    public static void AppendSection(
        StringBuilder html,
        string id,
        string heading,
        string filters,
        string summary,
        string? svg,
        string altText,
        IReadOnlyList<string> columns,
        IReadOnlyList<IReadOnlyList<string>> rows)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"chart\" aria-labelledby=\"{id}-heading\" data-testid=\"chart-{id}\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{id}-heading\">{PageLayout.Encode(heading)}</h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"summary-{id}\">{PageLayout.Encode(summary)}</p>\n");
        if (svg is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<figure><div role=\"img\" aria-label=\"{PageLayout.Encode(altText)}\">{svg}</div></figure>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<details><summary>Data table: {PageLayout.Encode(heading)}</summary>\n<div class=\"table-scroll\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<table data-testid=\"table-{id}\">\n<caption>{PageLayout.Encode(filters.Length == 0 ? heading : $"{heading}, filtered by {filters}")}</caption>\n<thead><tr>");
        foreach (var column in columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{PageLayout.Encode(column)}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        if (rows.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{columns.Count}\">No data for these filters.</td></tr>\n");
        }

        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var index = 0; index < row.Count; index++)
            {
                // The first cell names the row, so it is a row header for screen readers.
                html.Append(index == 0
                    ? $"<th scope=\"row\">{PageLayout.Encode(row[index])}</th>"
                    : $"<td>{PageLayout.Encode(row[index])}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</details>\n</section>\n");
    }
}
