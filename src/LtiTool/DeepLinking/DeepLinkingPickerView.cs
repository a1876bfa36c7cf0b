using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.DeepLinking;

/// <summary>The picker a PD leader sees after an <c>LtiDeepLinkingRequest</c>: options grouped by source, add and cancel buttons.</summary>
internal static class DeepLinkingPickerView
{
    public const string Title = "Add PD to your course";

    public static string Render(LtiSession session, DeepLinkingSettingsClaimValueType settings, IReadOnlyList<DeepLinkOption> options, string? problem)
    {
        var multiple = settings.AcceptMultiple != false;
        var html = new StringBuilder();
        html.Append(AppPages.SessionSummary(session));
        if (problem is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"notice error\" role=\"alert\" data-testid=\"error\">{PageLayout.Encode(problem)}</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p>{(multiple ? "Choose the modules to add to your course." : "Choose one module to add to your course.")} ")
            .Append("Each one becomes an activity in the course, with a gradebook column worth the points the module needs for completion.</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" data-testid=\"auto-create\">{(settings.AutoCreate == true ? "Your LMS adds them as soon as you select Add." : "Your LMS may ask you to confirm before it adds them.")}</p>\n")
            .Append("<form method=\"post\" action=\"/app/deep-linking\">\n")
            .Append(CsrfCheck.HiddenField(session)).Append('\n');

        var inputType = multiple ? "checkbox" : "radio";
        foreach (var group in options.GroupBy(option => option.Group))
        {
            html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{PageLayout.Encode(group.Key)}</legend>\n");
            foreach (var option in group)
            {
                var points = option.ScoreMaximum > 0 ? $" ({option.ScoreMaximum.ToString(CultureInfo.InvariantCulture)} points)" : "";
                html.Append(CultureInfo.InvariantCulture, $"<label><input type=\"{inputType}\" name=\"item\" value=\"{PageLayout.Encode(option.Key)}\" data-testid=\"option-{PageLayout.Encode(option.Key)}\"> ")
                    .Append(CultureInfo.InvariantCulture, $"<strong>{PageLayout.Encode(option.Title)}</strong>{points}<br><span class=\"hint\">{PageLayout.Encode(option.Text)}</span></label>\n");
            }

            html.Append("</fieldset>\n");
        }

        html.Append("<button type=\"submit\" name=\"action\" value=\"add\" data-testid=\"add\">Add to course</button>\n")
            .Append("<button type=\"submit\" name=\"action\" value=\"cancel\" data-testid=\"cancel\" formnovalidate>Cancel</button>\n")
            .Append("</form>\n");
        return PageLayout.Render(Title, html.ToString());
    }

    /// <summary>The page for a placement that accepts no LTI resource links: only cancelling is possible.</summary>
    public static string RenderUnsupported(LtiSession session, DeepLinkingSettingsClaimValueType settings)
    {
        var accepted = string.Join(", ", settings.AcceptTypes);
        var body = AppPages.SessionSummary(session) + $"""
            <p class="notice error" role="alert" data-testid="error">This LMS placement accepts only {PageLayout.Encode(accepted)}. LtiPd places modules as LTI resource links, so add LtiPd from a placement that accepts them, such as assignment or link selection.</p>
            <form method="post" action="/app/deep-linking">
            {CsrfCheck.HiddenField(session)}
            <button type="submit" name="action" value="cancel" data-testid="cancel">Return to the LMS</button>
            </form>
            """;
        return PageLayout.Render(Title, body);
    }

    /// <summary>The body of the page that posts the signed response back to the LMS.</summary>
    public static string RenderReturn(string returnUrl, string jwt, int itemCount) => $"""
        <h1>Returning to your LMS</h1>
        <p data-testid="returning">{(itemCount == 0 ? "Nothing was added." : $"Adding {itemCount.ToString(CultureInfo.InvariantCulture)} {(itemCount == 1 ? "activity" : "activities")} to your course.")}</p>
        <form method="post" action="{PageLayout.Encode(returnUrl)}">
        <input type="hidden" name="JWT" value="{PageLayout.Encode(jwt)}">
        <noscript><button type="submit">Continue to the LMS</button></noscript>
        </form>
        """;
}
