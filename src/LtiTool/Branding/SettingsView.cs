using System.Globalization;
using System.Text;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Schools;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Branding;

/// <summary>The district settings page at <c>/app/settings</c>: name, colours, logo, level names and images, and for administrators the school roster import.</summary>
internal static class SettingsView
{
    public static string Render(
        LtiSession session,
        string districtId,
        DistrictBranding? branding,
        IReadOnlyList<LevelDefinition> levels,
        IReadOnlyList<LevelImage> levelImages,
        IReadOnlyList<string> errors,
        IReadOnlyList<string> notices,
        IReadOnlyList<RosterProblem> rosterProblems,
        string? status)
    {
        var body = new StringBuilder(PathwayViews.LeaderNav());
        if (status is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" role=\"status\" data-testid=\"saved\">{PageLayout.Encode(status)}</p>\n");
        }

        PathwayViews.AppendErrors(body, errors);
        foreach (var notice in notices)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" data-testid=\"notice\">{PageLayout.Encode(notice)}</p>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/settings\" enctype=\"multipart/form-data\" data-testid=\"settings-form\">\n{CsrfCheck.HiddenField(session)}\n");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"district_id\" value=\"{PageLayout.Encode(districtId)}\">\n");
        body.Append("<h2>District branding</h2>\n");
        Text(body, "display_name", "District name in the page header", branding?.DisplayName, "Leave empty to show the product name.");
        Text(body, "primary_color", "Link and button colour (hex, such as #1a5f8a)", branding?.PrimaryColor, "It must reach a 4.5:1 contrast with the white page; a lighter colour is rejected with a darker suggestion.");
        Text(body, "header_color", "Header colour (hex)", branding?.HeaderColor, "Header text is shown in white or near-black, whichever reaches 4.5:1 contrast.");
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"logo\">Logo image</label><input type=\"file\" id=\"logo\" name=\"logo\" accept=\"image/png,image/jpeg,image/gif,image/webp\" aria-describedby=\"logo-hint\"></p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"logo-hint\">PNG, JPEG, GIF or WebP up to {LogoImage.MaxBytes / 1024} KiB. SVG is not accepted.</p>\n");
        Text(body, "logo_url", "Or a logo URL (https)", branding?.LogoMediaType is null ? branding?.LogoUrl : null, "Used when no logo file is uploaded.");
        if (branding?.LogoSource is { } logo)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>Current logo: <img src=\"{PageLayout.Encode(logo)}\" alt=\"Current district logo\" style=\"max-height: 3rem; vertical-align: middle\"></p>\n");
            body.Append("<p><label><input type=\"checkbox\" name=\"remove_logo\"> Remove the logo</label></p>\n");
        }

        body.Append("<h2>Levels</h2>\n<p class=\"hint\">Teachers see each level's name and image on their level bar. The points each level needs stay the same.</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"level-image-hint\">Images: PNG, JPEG, GIF or WebP up to {LogoImage.MaxBytes / 1024} KiB, or an https URL. SVG is not accepted.</p>\n");
        for (var index = 0; index < levels.Count; index++)
        {
            var number = index + 1;
            var level = levels[index];
            Text(body, $"level_{number}", $"Name of level {number} (from {level.MinimumPoints} points)", level.Name, null);
            AppendLevelImage(body, districtId, number, level, levelImages.FirstOrDefault(image => image.Level == number));
        }

        body.Append("<button type=\"submit\">Save settings</button>\n</form>\n");
        if (session.Role >= PdRole.Administrator)
        {
            AppendRosterImport(body, session, rosterProblems);
        }

        return PageLayout.Render("District settings", body.ToString());
    }

    private static void AppendLevelImage(StringBuilder body, string districtId, int number, LevelDefinition level, LevelImage? uploaded)
    {
        body.Append(CultureInfo.InvariantCulture,
            $"<p><label for=\"level_image_{number}\">Image of level {number}</label><input type=\"file\" id=\"level_image_{number}\" name=\"level_image_{number}\" accept=\"image/png,image/jpeg,image/gif,image/webp\" aria-describedby=\"level-image-hint\"></p>\n");
        var urlField = $"level_image_url_{number}";
        body.Append(CultureInfo.InvariantCulture,
            $"<p><label for=\"{urlField}\">Or an image URL of level {number} (https)</label><input type=\"text\" id=\"{urlField}\" name=\"{urlField}\" value=\"{PageLayout.Encode(uploaded is null ? level.ImageUrl ?? string.Empty : string.Empty)}\" aria-describedby=\"level-image-hint\"></p>\n");
        if (uploaded is null)
        {
            return;
        }

        body.Append(CultureInfo.InvariantCulture,
            $"<p>Current image of level {number}: <img src=\"{PageLayout.Encode(uploaded.PathFor(districtId))}\" alt=\"{PageLayout.Encode(LevelImageAlt(number, level.Name))}\" data-testid=\"settings-level-image-{number}\" width=\"48\" height=\"48\" style=\"vertical-align: middle\"></p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><label><input type=\"checkbox\" name=\"remove_level_image_{number}\"> Remove the image of level {number}</label></p>\n");
    }

    /// <summary>Returns the alt text of a level image: the level it stands for, since the image carries no other information.</summary>
    public static string LevelImageAlt(int number, string name) =>
        name == $"Level {number}" ? $"{name} badge" : $"Level {number} badge: {name}";

    private static void AppendRosterImport(StringBuilder body, LtiSession session, IReadOnlyList<RosterProblem> problems)
    {
        body.Append("<h2 id=\"schools\">Schools</h2>\n");
        body.Append("<p>Import a roster CSV to place teachers in schools. The first line is the header <code>subject,school_id,school_name</code>; ");
        body.Append("<code>subject</code> is the person's LMS user id as LTI launches send it, and a school's name may be left empty after its first row. ");
        body.Append("Every row is imported, or none when any row has a problem.</p>\n");
        if (problems.Count > 0)
        {
            body.Append("<div class=\"notice error\" role=\"alert\" data-testid=\"roster-problems\"><p>Nothing was imported. Fix these rows and import again:</p><ul>\n");
            foreach (var problem in problems)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li>{PageLayout.Encode(problem.ToString())}</li>\n");
            }

            body.Append("</ul></div>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/settings/schools\" enctype=\"multipart/form-data\">{CsrfCheck.HiddenField(session)}\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"roster\">Roster CSV (up to {RosterCsvReader.MaxBytes / (1024 * 1024)} MiB)</label><input type=\"file\" id=\"roster\" name=\"roster\" accept=\".csv,text/csv\" required></p>\n");
        body.Append("<button type=\"submit\">Import roster</button>\n</form>\n");
    }

    private static void Text(StringBuilder body, string name, string label, string? value, string? hint)
    {
        var describedBy = hint is null ? string.Empty : $" aria-describedby=\"{name}-hint\"";
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"{name}\">{PageLayout.Encode(label)}</label><input type=\"text\" id=\"{name}\" name=\"{name}\" value=\"{PageLayout.Encode(value ?? string.Empty)}\"{describedBy}></p>\n");
        if (hint is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\" id=\"{name}-hint\">{PageLayout.Encode(hint)}</p>\n");
        }
    }
}
