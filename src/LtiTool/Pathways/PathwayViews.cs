using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Schools;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pathways;

/// <summary>The PD leader's pathway pages: the list at <c>/app/pathways</c> and the editor.</summary>
internal static class PathwayViews
{
    public static string LeaderNav() =>
        "<nav aria-label=\"PD leader\"><ul class=\"plain\"><li><a href=\"/app/pathways\">Pathways</a></li>" +
        "<li><a href=\"/app/compliance\">Compliance</a></li><li><a href=\"/app/settings\">District settings</a></li></ul></nav>\n";

    public static string List(IReadOnlyList<Pathway> pathways, ModuleCatalog catalog, bool saved)
    {
        var body = new StringBuilder(LeaderNav());
        if (saved)
        {
            body.Append("<p class=\"notice success\" role=\"status\" data-testid=\"saved\">The pathway is saved.</p>\n");
        }

        body.Append("<p><a href=\"/app/pathways/new\" data-testid=\"new-pathway\">Create a pathway</a></p>\n");
        if (pathways.Count == 0)
        {
            body.Append("<p>Your district has no pathways yet.</p>\n");
            return PageLayout.Render("Pathways", body.ToString());
        }

        body.Append("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Your district's pathways\"><table data-testid=\"pathways\"><caption>Your district's pathways</caption>\n");
        body.Append("<thead><tr><th scope=\"col\">Pathway</th><th scope=\"col\">Modules</th><th scope=\"col\">Repeats</th><th scope=\"col\">Assigned to</th><th scope=\"col\">Status</th></tr></thead><tbody>\n");
        foreach (var pathway in pathways)
        {
            var required = pathway.Modules.Count(module => module.IsRequired);
            body.Append(CultureInfo.InvariantCulture, $"<tr data-pathway-id=\"{PageLayout.Encode(pathway.Id)}\"><td><a href=\"/app/pathways/{Uri.EscapeDataString(pathway.Id)}\">{PageLayout.Encode(pathway.Title)}</a></td>");
            body.Append(CultureInfo.InvariantCulture, $"<td>{pathway.Modules.Count} ({required} required)</td><td>{Recurrence(pathway)}</td>");
            body.Append(CultureInfo.InvariantCulture, $"<td>{PageLayout.Encode(AssignmentSummary(pathway))}</td><td>{(pathway.Archived ? "Archived" : "Active")}</td></tr>\n");
        }

        body.Append("</tbody></table></div>\n");
        return PageLayout.Render("Pathways", body.ToString());
    }

    public static string Editor(
        LtiSession session, Pathway? pathway, bool isNew, ModuleCatalog catalog, IReadOnlyList<CourseRecord> courses, IReadOnlyList<SchoolRecord> schools, IReadOnlyList<string> errors)
    {
        var action = isNew ? "/app/pathways" : $"/app/pathways/{Uri.EscapeDataString(pathway!.Id)}";
        var body = new StringBuilder(LeaderNav());
        AppendErrors(body, errors);

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{PageLayout.Encode(action)}\" data-testid=\"pathway-form\">\n{CsrfCheck.HiddenField(session)}\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"title\">Title</label><input type=\"text\" id=\"title\" name=\"title\" required maxlength=\"{PathwayForm.MaxTitleLength}\" value=\"{PageLayout.Encode(pathway?.Title ?? string.Empty)}\"></p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"description\">Description</label><textarea id=\"description\" name=\"description\" maxlength=\"{PathwayForm.MaxDescriptionLength}\">{PageLayout.Encode(pathway?.Description ?? string.Empty)}</textarea></p>\n");
        AppendRecurrence(body, pathway);
        AppendModules(body, pathway, catalog);
        AppendAssignments(body, pathway, courses, schools);
        body.Append("<button type=\"submit\">Save pathway</button>\n</form>\n");

        if (!isNew && pathway is { Archived: false })
        {
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/pathways/{Uri.EscapeDataString(pathway.Id)}/archive\">{CsrfCheck.HiddenField(session)}");
            body.Append("<p class=\"hint\">Archiving stops assigning the pathway; completions stay in the records.</p><button type=\"submit\">Archive pathway</button></form>\n");
        }

        var title = isNew ? "Create a pathway" : $"Edit pathway: {pathway!.Title}";
        return PageLayout.Render(title, body.ToString(), [new("Pathways", "/app/pathways"), new(isNew ? "New" : pathway!.Title, null)]);
    }

    public static void AppendErrors(StringBuilder body, IReadOnlyList<string> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        body.Append("<div class=\"notice error\" role=\"alert\" data-testid=\"errors\"><p>The form has problems:</p><ul>\n");
        foreach (var error in errors)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{PageLayout.Encode(error)}</li>\n");
        }

        body.Append("</ul></div>\n");
    }

    public static string Recurrence(Pathway pathway) => pathway.Recurrence == PathwayRecurrence.Annual && pathway.StartsOn is { } start
        ? $"Every year from {start.ToString("MMMM d", CultureInfo.InvariantCulture)}"
        : "Once";

    private static void AppendRecurrence(StringBuilder body, Pathway? pathway)
    {
        var annual = pathway?.Recurrence == PathwayRecurrence.Annual;
        body.Append("<fieldset><legend>Repeats</legend>\n");
        body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"recurrence\" value=\"none\"{(annual ? "" : " checked")}> Once</label>\n");
        body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"recurrence\" value=\"annual\"{(annual ? " checked" : "")}> Every school year (annual required training; completions expire when the next year starts)</label>\n");
        var starts = pathway?.StartsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"starts_on\">First day of the school year (for a yearly pathway)</label><input type=\"date\" id=\"starts_on\" name=\"starts_on\" value=\"{starts}\"></p>\n");
        body.Append("</fieldset>\n");
    }

    private static void AppendModules(StringBuilder body, Pathway? pathway, ModuleCatalog catalog)
    {
        var entries = pathway?.Modules.ToDictionary(module => module.ModuleId, StringComparer.Ordinal) ?? [];
        body.Append("<fieldset><legend>Modules</legend>\n<p class=\"hint\">Tick each module in the pathway. Required modules may have a due date; the others are electives teachers choose from.</p>\n");
        foreach (var module in catalog.Modules)
        {
            entries.TryGetValue(module.Id, out var entry);
            var id = PageLayout.Encode(module.Id);
            var due = entry?.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"card\" data-module-id=\"{id}\"><label><input type=\"checkbox\" name=\"include\" value=\"{id}\"{(entry is null ? "" : " checked")}> {PageLayout.Encode(module.Title)}</label>\n");
            body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"required_{id}\"{(entry?.IsRequired == true ? " checked" : "")}> Required</label>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"position_{id}\">Position of {PageLayout.Encode(module.Title)}</label> <input type=\"text\" inputmode=\"numeric\" id=\"position_{id}\" name=\"position_{id}\" value=\"{entry?.Position.ToString(CultureInfo.InvariantCulture)}\"></p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"due_{id}\">Due date of {PageLayout.Encode(module.Title)} (when required)</label> <input type=\"date\" id=\"due_{id}\" name=\"due_{id}\" value=\"{due}\"></p></div>\n");
        }

        var electives = pathway?.ElectivesRequired.ToString(CultureInfo.InvariantCulture) ?? "0";
        body.Append(CultureInfo.InvariantCulture, $"<p><label for=\"electives_required\">Electives each teacher must complete</label><input type=\"text\" inputmode=\"numeric\" id=\"electives_required\" name=\"electives_required\" value=\"{electives}\"></p>\n");
        body.Append("</fieldset>\n");
    }

    private static void AppendAssignments(StringBuilder body, Pathway? pathway, IReadOnlyList<CourseRecord> courses, IReadOnlyList<SchoolRecord> schools)
    {
        var assigned = pathway?.Assignments.ToHashSet() ?? [];
        bool Has(AssignmentKind kind, string registrationId, string value) => assigned.Contains(new PathwayAssignment(kind, registrationId, value));
        string Checked(bool value) => value ? " checked" : string.Empty;

        body.Append("<fieldset><legend>Assigned to</legend>\n<p class=\"hint\">A person matching any choice is assigned.</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"assign_everyone\"{Checked(Has(AssignmentKind.Everyone, "", ""))}> Everyone in the district</label>\n");
        foreach (var role in Enum.GetValues<PdRole>())
        {
            body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"assign_role\" value=\"{role}\"{Checked(Has(AssignmentKind.Role, "", role.ToString()))}> Role: {RoleLabel(role)}</label>\n");
        }

        foreach (var course in courses)
        {
            body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"assign_course\" value=\"{PageLayout.Encode(course.Id)}\"{Checked(Has(AssignmentKind.Course, "", course.Id))}> Course: {PageLayout.Encode(course.DisplayName)}</label>\n");
        }

        foreach (var school in schools)
        {
            var key = PathwayForm.SchoolKey(school);
            body.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"assign_school\" value=\"{PageLayout.Encode(key)}\"{Checked(Has(AssignmentKind.School, school.RegistrationId, school.SchoolId))}> School: {PageLayout.Encode(school.Name)}</label>\n");
        }

        body.Append("</fieldset>\n");
    }

    public static string RoleLabel(PdRole role) => role switch
    {
        PdRole.Learner => "teachers (learners)",
        PdRole.Instructor => "PD leaders",
        PdRole.Administrator => "administrators",
    };

    private static string AssignmentSummary(Pathway pathway)
    {
        if (pathway.Assignments.Count == 0)
        {
            return "Not assigned";
        }

        var parts = pathway.Assignments.GroupBy(assignment => assignment.Kind).Select(group => group.Key switch
        {
            AssignmentKind.Everyone => "everyone",
            AssignmentKind.Role => string.Join(", ", group.Select(assignment => RoleLabel(Enum.Parse<PdRole>(assignment.Value)))),
            AssignmentKind.Course => group.Count() == 1 ? "1 course" : $"{group.Count()} courses",
            AssignmentKind.School => group.Count() == 1 ? "1 school" : $"{group.Count()} schools",
        });
        return string.Join("; ", parts);
    }
}
