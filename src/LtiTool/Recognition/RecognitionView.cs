using System.Globalization;
using System.Text;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Streaks;
using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>The learner's recognition page: points with their reasons, level, badges, streak and leaderboard settings.</summary>
internal static class RecognitionView
{
    public static string Render(RecognitionSummary summary, LtiSession session, string? notice)
    {
        var body = new StringBuilder();
        if (notice is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice success\" role=\"status\" data-testid=\"notice\">{Encode(notice)}</p>\n");
        }

        body.Append(PointsSection(summary));
        body.Append(BadgesSection(summary));
        body.Append(StreakSection(summary.Streak, session));
        body.Append(LeaderboardSection(summary, session));
        return body.ToString();
    }

    /// <summary>The short summary on the dashboard: points, level bar, badge count, streak and board place.</summary>
    public static string DashboardSummary(RecognitionSummary summary)
    {
        var body = new StringBuilder();
        body.Append("<section aria-labelledby=\"recognition-heading\" data-testid=\"recognition-summary\">\n<h2 id=\"recognition-heading\">Points, level and badges</h2>\n");
        body.Append(LevelBlock(summary, "dash-level"));
        body.Append("<p class=\"hint\" data-testid=\"recognition-points-hint\">These are your recognition points from your district's points rules, which also reward completed modules, pathways and live sessions. They set your level. Module points only count toward completing modules.</p>\n");
        body.Append("<dl>\n");
        if (summary.Rules.Badges.Count == 0)
        {
            body.Append("<dt>Badges</dt><dd data-testid=\"badges-earned\">Your district has not set up badges yet. Your points and level still count.</dd>\n");
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"<dt>Badges earned</dt><dd data-testid=\"badges-earned\">{summary.Earned.Count} of {summary.Rules.Badges.Count}</dd>\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"<dt>Weekly streak (only you see it)</dt><dd data-testid=\"streak-weeks\">{Weeks(summary.Streak.Weeks)}</dd>\n");
        if (summary.DistrictRank is { } rank)
        {
            body.Append(CultureInfo.InvariantCulture, $"<dt>District leaderboard</dt><dd data-testid=\"district-rank\">Place {rank} of {summary.DistrictRanked}</dd>\n");
        }

        body.Append("</dl>\n<p><a href=\"/app/recognition\">See your points, badges and leaderboards</a></p>\n");
        body.Append("<p><a href=\"/app/challenges\" data-testid=\"challenges-link\">See the challenges open to you</a> or <a href=\"/app/recognition/streak\">your streak calendar</a></p>\n</section>\n");
        return body.ToString();
    }

    private static string PointsSection(RecognitionSummary summary)
    {
        var body = new StringBuilder();
        body.Append("<section aria-labelledby=\"points-heading\">\n<h2 id=\"points-heading\">Points and level</h2>\n");
        body.Append(LevelBlock(summary, "level-label"));
        body.Append("<p class=\"hint\">Points recognise your learning. Your PD credit hours are the official record and come only from completed modules, never from points.</p>\n");
        if (summary.Ledger.Count == 0)
        {
            body.Append("<p>No points yet. Complete a micro-lesson, pass a check or submit a reflection to earn your first points.</p>\n</section>\n");
            return body.ToString();
        }

        body.Append("<div class=\"table-scroll\"><table data-testid=\"ledger\">\n<caption>Why you have these points, newest first</caption>\n");
        body.Append("<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Reason</th><th scope=\"col\">Points</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
        foreach (var row in summary.Ledger)
        {
            var date = DateTimeOffset.FromUnixTimeMilliseconds(row.RuleKey == "reversal" ? row.RecordedAtMs : row.AwardedAtMs);
            var points = row.Points.ToString("+0;-0;0", CultureInfo.InvariantCulture);
            body.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{date:yyyy-MM-dd}</td><td>{Encode(row.Reason)}</td><td>{points}</td><td>{StatusLabel(row.Status)}</td></tr>\n");
        }

        body.Append("</tbody></table></div>\n</section>\n");
        return body.ToString();
    }

    private static string LevelBlock(RecognitionSummary summary, string labelId)
    {
        var levels = summary.Rules.Levels;
        var level = summary.Rules.LevelFor(summary.Points);
        var current = levels[level - 1];
        var text = new StringBuilder();
        // An uploaded image is served by this tool under a path; a URL from the rules must be
        // absolute https. The check repeats here because the page must never render another
        // scheme, whatever the stored rules contain.
        var image = summary.LevelImagePaths.TryGetValue(level, out var uploaded) ? uploaded : LevelImageUrl(current);
        if (image is not null)
        {
            var alt = SettingsView.LevelImageAlt(level, current.Name);
            text.Append(CultureInfo.InvariantCulture,
                $"<img class=\"level-image\" data-testid=\"level-image\" src=\"{Encode(image)}\" alt=\"{Encode(alt)}\" width=\"64\" height=\"64\" referrerpolicy=\"no-referrer\" loading=\"lazy\">\n");
        }

        // A district that names no level gets "Level N" as the name, so the title shows it once.
        var levelTitle = current.Name == $"Level {level}" ? current.Name : $"Level {level}: {current.Name}";
        text.Append(CultureInfo.InvariantCulture, $"<p id=\"{labelId}\" data-testid=\"level\"><strong>{Encode(levelTitle)}</strong>, {summary.Points} points. ");
        if (level < levels.Count)
        {
            var next = levels[level];
            var span = next.MinimumPoints - current.MinimumPoints;
            var into = summary.Points - current.MinimumPoints;
            text.Append(CultureInfo.InvariantCulture, $"{next.MinimumPoints - summary.Points} more points to level {level + 1}: {Encode(next.Name)}.</p>\n");
            text.Append(CultureInfo.InvariantCulture, $"<progress aria-labelledby=\"{labelId}\" max=\"{span}\" value=\"{into}\">{into} of {span}</progress>\n");
        }
        else
        {
            text.Append("You have reached the highest level.</p>\n");
        }

        return text.ToString();
    }

    private static string? LevelImageUrl(LevelDefinition level) =>
        level.ImageUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps ? parsed.AbsoluteUri : null;

    private static string BadgesSection(RecognitionSummary summary)
    {
        var body = new StringBuilder();
        body.Append("<section aria-labelledby=\"badges-heading\">\n<h2 id=\"badges-heading\">Badges</h2>\n");
        if (summary.Rules.Badges.Count == 0)
        {
            body.Append("<p>Your district has not set up badges yet.</p>\n</section>\n");
            return body.ToString();
        }

        body.Append("<ul class=\"plain\" data-testid=\"badges\">\n");
        foreach (var badge in summary.Rules.Badges)
        {
            var earned = summary.Earned.TryGetValue(badge.Id, out var at);
            var state = earned ? $"Earned on {at:yyyy-MM-dd}" : "Not earned yet";
            body.Append(CultureInfo.InvariantCulture,
                $"<li class=\"card\" data-badge-id=\"{Encode(badge.Id)}\" data-earned=\"{(earned ? "true" : "false")}\"><h3>{Encode(badge.Name)}</h3>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"{(earned ? "done" : "meta")}\">{state}</p>\n<p>{Encode(badge.Description)}</p>\n");
            body.Append(CultureInfo.InvariantCulture, $"<p><strong>How to earn it:</strong> {Encode(badge.CriteriaNarrative)}</p>\n");
            if (earned && summary.CredentialsAvailable)
            {
                var baseUrl = $"/app/recognition/badges/{Uri.EscapeDataString(badge.Id)}/credential";
                body.Append(CultureInfo.InvariantCulture,
                    $"<p>Download: <a href=\"{baseUrl}?format=jwt\">Open Badges 3.0 (signed)</a>, <a href=\"{baseUrl}?format=json\">Open Badges 3.0 (JSON)</a>, <a href=\"{baseUrl}?format=ob2\">Open Badges 2.0</a></p>\n");
            }

            body.Append("</li>\n");
        }

        body.Append("</ul>\n</section>\n");
        return body.ToString();
    }

    private static string StreakSection(StreakStatus streak, LtiSession session)
    {
        var body = new StringBuilder();
        body.Append("<section aria-labelledby=\"streak-heading\">\n<h2 id=\"streak-heading\">Weekly streak</h2>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"streak\">{Weeks(streak.Weeks)} in a row. ");
        body.Append(streak.ActiveThisWeek ? "This week already counts." : "Complete a lesson, check or reflection this week to keep it going.");
        body.Append("</p>\n<p class=\"hint\">Only you see your streak. District breaks do not end it, and you can pause a busy week.</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<p>Pause weeks left this semester: <span data-testid=\"pauses-left\">{streak.PausesLeft}</span></p>\n");
        if (streak.PausesLeft > 0)
        {
            body.Append(CultureInfo.InvariantCulture,
                $"<form method=\"post\" action=\"/app/recognition/streak/pause\">{CsrfCheck.HiddenField(session)}<button type=\"submit\">Pause this week</button></form>\n");
        }

        body.Append("<p><a href=\"/app/recognition/streak\" data-testid=\"streak-calendar-link\">See your streak calendar for this semester</a></p>\n");

        body.Append("</section>\n");
        return body.ToString();
    }

    private static string LeaderboardSection(RecognitionSummary summary, LtiSession session)
    {
        var body = new StringBuilder();
        body.Append("<section aria-labelledby=\"boards-heading\">\n<h2 id=\"boards-heading\">Leaderboards</h2>\n");
        body.Append(summary.OptedIn
            ? "<p data-testid=\"opt-in-state\">Your name is shown on leaderboards.</p>\n"
            : "<p data-testid=\"opt-in-state\">Your name is hidden on leaderboards. Others see your place without your name.</p>\n");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/recognition/opt-in\">{CsrfCheck.HiddenField(session)}");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"show_name\" value=\"{(summary.OptedIn ? "false" : "true")}\">");
        body.Append(summary.OptedIn ? "<button type=\"submit\">Hide my name on leaderboards</button>" : "<button type=\"submit\">Show my name on leaderboards</button>");
        body.Append("</form>\n<p><a href=\"/app/recognition/leaderboards\">Open the leaderboards</a></p>\n</section>\n");
        return body.ToString();
    }

    private static string StatusLabel(string status) => status switch
    {
        AwardStatus.Held => "Waiting for review",
        AwardStatus.Rejected => "Not counted",
        _ => "Counted",
    };

    private static string Weeks(int weeks) => weeks == 1 ? "1 week" : string.Create(CultureInfo.InvariantCulture, $"{weeks} weeks");

    private static string Encode(string value) => PageLayout.Encode(value);
}
