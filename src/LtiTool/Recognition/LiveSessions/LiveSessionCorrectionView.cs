using System.Globalization;
using System.Text;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>
/// The HTML of one recorded session: each learner of the course with their attendance and a
/// CSRF-protected form that marks them absent or present with a reason, then the corrections so far.
/// </summary>
internal static class LiveSessionCorrectionView
{
    public static string Render(
        LtiSession session, IReadOnlyList<LiveSessionAttendee> roster, LiveSessionDetail detail, string? notice, IReadOnlyList<string> errors)
    {
        var body = new StringBuilder(FormMessages.Render(notice, errors, "The attendance was not corrected. Fix each of these:"));
        body.Append(CultureInfo.InvariantCulture,
            $"<p>Held on {detail.Session.HeldOn:yyyy-MM-dd}. {detail.Present.Count} learner{(detail.Present.Count == 1 ? " is" : "s are")} recorded as present. A correction needs a reason and is kept below.</p>\n");
        body.Append(Attendance(session, roster, detail));
        body.Append(Corrections(roster, detail.Corrections));
        return body.ToString();
    }

    private static string Attendance(LtiSession session, IReadOnlyList<LiveSessionAttendee> roster, LiveSessionDetail detail)
    {
        var html = new StringBuilder("<section aria-labelledby=\"attendance-heading\">\n<h2 id=\"attendance-heading\">Attendance</h2>\n");
        html.Append("<div class=\"table-scroll\"><table data-testid=\"attendance\">\n<caption>Learners of this course</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Learner</th><th scope=\"col\">Attendance</th><th scope=\"col\">Correct</th></tr></thead>\n<tbody>\n");
        var action = $"/app/live-sessions/{Uri.EscapeDataString(detail.Session.Id)}/corrections";
        var index = 0;
        foreach (var member in roster)
        {
            var present = detail.Present.Contains(member.Subject);
            var reasonId = string.Create(CultureInfo.InvariantCulture, $"reason-{index++}");
            var (change, label) = present ? (LiveSessionRecorder.MarkAbsent, "Mark absent") : (LiveSessionRecorder.MarkPresent, "Mark present");
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-subject=\"{PageLayout.Encode(member.Subject)}\"><td>{PageLayout.Encode(Name(member))}</td><td data-testid=\"status\">{(present ? "Present" : "Absent")}</td><td>");
            html.Append(CultureInfo.InvariantCulture,
                $"<form method=\"post\" action=\"{PageLayout.Encode(action)}\">{CsrfCheck.HiddenField(session)}" +
                $"<input type=\"hidden\" name=\"subject\" value=\"{PageLayout.Encode(member.Subject)}\"><input type=\"hidden\" name=\"action\" value=\"{change}\">" +
                $"<label for=\"{reasonId}\">Reason</label> <input type=\"text\" id=\"{reasonId}\" name=\"reason\" required maxlength=\"{LiveSessionRecorder.MaxReasonLength}\"> " +
                $"<button type=\"submit\">{label}</button></form></td></tr>\n");
        }

        return html.Append("</tbody>\n</table></div>\n</section>\n").ToString();
    }

    private static string Corrections(IReadOnlyList<LiveSessionAttendee> roster, IReadOnlyList<LiveSessionCorrection> corrections)
    {
        var html = new StringBuilder("<section aria-labelledby=\"corrections-heading\">\n<h2 id=\"corrections-heading\">Corrections</h2>\n");
        if (corrections.Count == 0)
        {
            return html.Append("<p data-testid=\"corrections-empty\">The attendance of this session has not been corrected.</p>\n</section>\n").ToString();
        }

        var names = roster.ToDictionary(member => member.Subject, Name, StringComparer.Ordinal);
        html.Append("<div class=\"table-scroll\"><table data-testid=\"corrections\">\n<caption>Corrections, oldest first</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">Learner</th><th scope=\"col\">Marked</th><th scope=\"col\">Reason</th><th scope=\"col\">By</th></tr></thead>\n<tbody>\n");
        foreach (var correction in corrections)
        {
            var learner = names.GetValueOrDefault(correction.Subject, correction.Subject);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{correction.CorrectedAt.UtcDateTime:yyyy-MM-dd HH:mm}</td><td>{PageLayout.Encode(learner)}</td><td>{PageLayout.Encode(correction.Action)}</td>" +
                $"<td>{PageLayout.Encode(correction.Reason)}</td><td>{PageLayout.Encode(correction.CorrectedBy)}</td></tr>\n");
        }

        return html.Append("</tbody>\n</table></div>\n</section>\n").ToString();
    }

    private static string Name(LiveSessionAttendee member) => member.Name ?? "Unnamed learner (" + member.Subject + ")";
}
