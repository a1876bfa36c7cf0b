using System.Globalization;
using System.Text;
using LtiPd.Gamification.Streaks;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>The teacher's own streak calendar: each week of the current semester and what it did to the streak.</summary>
internal static class StreakCalendarView
{
    public const string Path = "/app/recognition/streak";

    public static string Render(StreakCalendar calendar, LtiSession session, string? notice, string? error)
    {
        var body = new StringBuilder();
        if (notice is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" role=\"status\" data-testid=\"notice\">{PageLayout.Encode(notice)}</p>\n");
        }

        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice error\" role=\"alert\" data-testid=\"error\">{PageLayout.Encode(error)}</p>\n");
        }

        var status = calendar.Status;
        body.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"streak\">{status.Weeks} {(status.Weeks == 1 ? "week" : "weeks")} in a row. ");
        body.Append(status.ActiveThisWeek ? "This week already counts." : "Complete a lesson, check or reflection this week to keep it going.");
        body.Append("</p>\n<p class=\"hint\" data-testid=\"privacy\">This calendar is private: only you see it. Leaders and other teachers never see your streak.</p>\n");
        if (calendar.Semester is not { } semester)
        {
            body.Append("<p data-testid=\"no-semester\">Today is outside every semester of your district's calendar, so there are no weeks to show and no pause weeks to take.</p>\n");
            return body.ToString();
        }

        body.Append(CultureInfo.InvariantCulture,
            $"<p>Semester from {semester.Start:yyyy-MM-dd} to {semester.End:yyyy-MM-dd}. Pause weeks left: <span data-testid=\"pauses-left\">{status.PausesLeft}</span> of {calendar.PauseWeeksPerSemester}.</p>\n");
        body.Append("<div class=\"table-scroll\"><table data-testid=\"calendar\">\n<caption>Your weeks this semester (Monday to Sunday)</caption>\n");
        body.Append("<thead><tr><th scope=\"col\">Week of</th><th scope=\"col\">What it did to your streak</th></tr></thead>\n<tbody>\n");
        foreach (var week in calendar.Weeks)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<tr data-week=\"{week.Start:yyyy-MM-dd}\" data-state=\"{week.State.ToString().ToLowerInvariant()}\"><th scope=\"row\">{week.Start:yyyy-MM-dd}</th><td>{Label(week.State)}</td></tr>\n");
        }

        body.Append("</tbody></table></div>\n");
        body.Append(PauseForm(calendar, session));
        return body.ToString();
    }

    private static string PauseForm(StreakCalendar calendar, LtiSession session)
    {
        var weeks = calendar.Weeks.Where(week => week.State is StreakWeekState.InProgress or StreakWeekState.Upcoming).ToList();
        if (calendar.Status.PausesLeft == 0 || weeks.Count == 0)
        {
            return "<p data-testid=\"no-pause\">You cannot pause another week this semester.</p>\n";
        }

        var form = new StringBuilder();
        form.Append("<section aria-labelledby=\"pause-heading\">\n<h2 id=\"pause-heading\">Take a pause week</h2>\n");
        form.Append("<p class=\"hint\" id=\"pause-hint\">A paused week freezes your streak instead of ending it. You can pause this week or a later one, but not a district break, which freezes it anyway. A pause cannot be undone.</p>\n");
        form.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/recognition/streak/pause\">{CsrfCheck.HiddenField(session)}<input type=\"hidden\" name=\"return_to\" value=\"calendar\">\n");
        form.Append("<p><label for=\"week\">Week to pause</label><br><select id=\"week\" name=\"week\" aria-describedby=\"pause-hint\">\n");
        foreach (var week in weeks)
        {
            form.Append(CultureInfo.InvariantCulture, $"<option value=\"{week.Start:yyyy-MM-dd}\">Week of {week.Start:yyyy-MM-dd}</option>\n");
        }

        form.Append("</select></p>\n<button type=\"submit\" data-testid=\"pause\">Pause this week</button>\n</form>\n</section>\n");
        return form.ToString();
    }

    private static string Label(StreakWeekState state) => state switch
    {
        StreakWeekState.Counted => "Counted",
        StreakWeekState.Paused => "Paused (one of your pause weeks)",
        StreakWeekState.Break => "District break (streak frozen)",
        StreakWeekState.Missed => "Missed (no lesson, check or reflection)",
        StreakWeekState.InProgress => "This week: not counted yet",
        StreakWeekState.Upcoming => "Still to come",
    };
}
