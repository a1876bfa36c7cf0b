using System.Globalization;
using System.Text;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// The notice and error block at the top of a page with a form. Every error of a rejected post
/// shows at once, so the user fixes the form in one round.
/// </summary>
internal static class FormMessages
{
    /// <summary>Renders the notice, then a single error as one paragraph or several as a list under <paramref name="summary"/>.</summary>
    /// <param name="notice">A success notice, or null.</param>
    /// <param name="errors">The errors of the post, each naming the field, the value and the fix.</param>
    /// <param name="summary">The sentence above a list of errors, such as "The challenge was not created. Fix each of these:".</param>
    public static string Render(string? notice, IReadOnlyList<string> errors, string summary)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var html = new StringBuilder();
        if (notice is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" role=\"status\" data-testid=\"notice\">{PageLayout.Encode(notice)}</p>\n");
        }

        if (errors.Count == 1)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice error\" role=\"alert\" data-testid=\"error\">{PageLayout.Encode(errors[0])}</p>\n");
        }
        else if (errors.Count > 1)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"notice error\" role=\"alert\" data-testid=\"error\"><p>{PageLayout.Encode(summary)}</p>\n<ul>\n");
            foreach (var error in errors)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{PageLayout.Encode(error)}</li>\n");
            }

            html.Append("</ul></div>\n");
        }

        return html.ToString();
    }
}
