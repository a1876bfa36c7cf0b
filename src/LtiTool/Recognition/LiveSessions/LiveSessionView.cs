using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>The HTML of the live session page: the attendance form over the course's learners, and the sessions recorded so far.</summary>
internal static class LiveSessionView
{
    public static string Render(
        LtiSession session, IReadOnlyList<LiveSessionAttendee> roster, IReadOnlyList<LiveSession> recorded, string? notice,
        IReadOnlyList<string> errors, LiveSessionForm form, DateOnly today)
    {
        var body = new StringBuilder(FormMessages.Render(notice, errors, "The attendance was not recorded. Fix each of these:"));

        body.Append(CultureInfo.InvariantCulture,
            $"<p>Course: <strong>{PageLayout.Encode(session.ContextTitle ?? "(untitled course)")}</strong>. Each learner you tick earns the district's live-session points once for this session.</p>\n");
        body.Append(Form(session, roster, form, today));
        body.Append(Recorded(recorded));
        return body.ToString();
    }

    private static string Form(LtiSession session, IReadOnlyList<LiveSessionAttendee> roster, LiveSessionForm form, DateOnly today)
    {
        var html = new StringBuilder("<section aria-labelledby=\"record-heading\">\n<h2 id=\"record-heading\">Record attendance</h2>\n");
        if (roster.Count == 0)
        {
            return html.Append("<p data-testid=\"roster-empty\">This course has no learners yet. Learners appear after they open the course or after a roster sync.</p>\n</section>\n").ToString();
        }

        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/live-sessions\">{CsrfCheck.HiddenField(session)}\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<label for=\"session-title\">Session title</label>\n<input type=\"text\" id=\"session-title\" name=\"title\" required maxlength=\"{LiveSessionRecorder.MaxTitleLength}\" value=\"{PageLayout.Encode(form.Title)}\">\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<label for=\"held-on\">Date held</label>\n<input type=\"date\" id=\"held-on\" name=\"held_on\" required value=\"{PageLayout.Encode(form.HeldOn)}\" max=\"{today.AddDays(1):yyyy-MM-dd}\">\n");
        html.Append("<fieldset data-testid=\"roster\">\n<legend>Learners who attended</legend>\n");
        var ticked = form.Attendees.ToHashSet(StringComparer.Ordinal);
        var index = 0;
        foreach (var member in roster)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"attendee-{index++}");
            html.Append(CultureInfo.InvariantCulture,
                $"<div><input type=\"checkbox\" id=\"{id}\" name=\"attendee\" value=\"{PageLayout.Encode(member.Subject)}\"{(ticked.Contains(member.Subject) ? " checked" : "")}> <label for=\"{id}\">{PageLayout.Encode(member.Name ?? "Unnamed learner (" + member.Subject + ")")}</label></div>\n");
        }

        return html.Append("</fieldset>\n<button type=\"submit\">Record attendance</button>\n</form>\n</section>\n").ToString();
    }

    private static string Recorded(IReadOnlyList<LiveSession> recorded)
    {
        var html = new StringBuilder("<section aria-labelledby=\"recorded-heading\">\n<h2 id=\"recorded-heading\">Recorded sessions</h2>\n");
        if (recorded.Count == 0)
        {
            return html.Append("<p data-testid=\"sessions-empty\">No live session of this course is recorded yet.</p>\n</section>\n").ToString();
        }

        html.Append("<div class=\"table-scroll\"><table data-testid=\"sessions\">\n<caption>Live sessions of this course, latest first</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Title</th><th scope=\"col\">Attendees</th></tr></thead>\n<tbody>\n");
        foreach (var session in recorded)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{session.HeldOn:yyyy-MM-dd}</td><td><a href=\"/app/live-sessions/{Uri.EscapeDataString(session.Id)}\">{PageLayout.Encode(session.Title)}</a></td><td>{session.Attendees}</td></tr>\n");
        }

        return html.Append("</tbody>\n</table></div>\n</section>\n").ToString();
    }
}
