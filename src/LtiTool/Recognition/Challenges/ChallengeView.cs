using System.Globalization;
using System.Text;
using LtiPd.Gamification.Challenges;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Schools;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition.Challenges;

/// <summary>The challenge pages: the list with the leader's form, and one challenge with its standings.</summary>
internal static class ChallengeView
{
    public const string ListPath = "/app/challenges";

    public static string List(
        IReadOnlyList<ChallengeEntry> entries, LtiSession session, DateTimeOffset now, string? notice, IReadOnlyList<string> errors,
        ChallengeForm form, IReadOnlyList<SchoolRecord> schools)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var body = new StringBuilder();
        body.Append(FormMessages.Render(notice, errors, "The challenge was not created. Fix each of these:"));
        var leader = session.Role >= PdRole.Instructor;
        body.Append(leader
            ? "<p>Every challenge of your district, with the live standings of each. Teachers see the challenges for the whole district and for their own school.</p>\n"
            : "<p>Challenges open to you: reach the goal before the last day to earn the challenge's badge. Only points earned during a challenge count.</p>\n");
        if (entries.Count == 0)
        {
            body.Append("<p data-testid=\"no-challenges\">There are no challenges yet.</p>\n");
        }
        else
        {
            body.Append("<ul class=\"plain\" data-testid=\"challenges\">\n");
            foreach (var entry in entries)
            {
                body.Append(Card(entry, session, now, headingLevel: 2));
            }

            body.Append("</ul>\n");
        }

        if (leader)
        {
            body.Append(CreateForm(form, schools, session));
        }

        return body.ToString();
    }

    public static string Detail(ChallengeEntry entry, LtiSession session, DateTimeOffset now, string? notice, string? error)
    {
        var body = new StringBuilder(FormMessages.Render(notice, error is null ? [] : [error], ""));
        body.Append("<ul class=\"plain\">\n").Append(Card(entry, session, now, headingLevel: 2, linkTitle: false)).Append("</ul>\n");
        body.Append("<section aria-labelledby=\"standings-heading\">\n<h2 id=\"standings-heading\">Standings</h2>\n");
        var teams = entry.Challenge.Mode == ChallengeMode.Team;
        body.Append(teams
            ? "<p class=\"hint\">A team is a school. Its score is its members' average points, so school size does not decide.</p>\n"
            : "<p class=\"hint\">Names are shown only for teachers who chose to show their name on leaderboards.</p>\n");
        if (entry.Standings.Count == 0)
        {
            body.Append("<p data-testid=\"no-standings\">Nobody has joined yet.</p>\n</section>\n");
            return body.ToString();
        }

        body.Append("<div class=\"table-scroll\"><table data-testid=\"standings\">\n<caption>Points earned during the challenge, best first</caption>\n");
        body.Append(CultureInfo.InvariantCulture,
            $"<thead><tr><th scope=\"col\">Place</th><th scope=\"col\">{(teams ? "School" : "Teacher")}</th><th scope=\"col\">Points</th>{(teams ? "<th scope=\"col\">Members</th>" : "")}</tr></thead>\n<tbody>\n");
        foreach (var standing in entry.Standings)
        {
            var members = teams ? $"<td>{standing.MemberCount}</td>" : "";
            body.Append(CultureInfo.InvariantCulture,
                $"<tr{(standing.IsViewer ? " data-viewer=\"true\"" : "")}><td>{standing.Rank}</td><td>{PageLayout.Encode(standing.Label)}</td><td>{Points(standing.Score)}</td>{members}</tr>\n");
        }

        body.Append("</tbody></table></div>\n</section>\n");
        return body.ToString();
    }

    private static string Card(ChallengeEntry entry, LtiSession session, DateTimeOffset now, int headingLevel, bool linkTitle = true)
    {
        var challenge = entry.Challenge;
        var id = PageLayout.Encode(challenge.Id);
        var path = $"{ListPath}/{Uri.EscapeDataString(challenge.Id)}";
        var name = PageLayout.Encode(challenge.Name);
        var card = new StringBuilder();
        card.Append(CultureInfo.InvariantCulture, $"<li class=\"card\" data-challenge-id=\"{id}\">\n<h{headingLevel}>");
        card.Append(linkTitle ? $"<a href=\"{PageLayout.Encode(path)}\">{name}</a>" : name);
        card.Append(CultureInfo.InvariantCulture, $"</h{headingLevel}>\n<p class=\"meta\">");
        card.Append(challenge.Mode == ChallengeMode.Team ? "Team challenge (schools)" : "Individual challenge");
        card.Append(CultureInfo.InvariantCulture, $" · {PageLayout.Encode(entry.ScopeLabel)} · {challenge.StartsAt:yyyy-MM-dd} to {challenge.EndsAt.AddTicks(-1):yyyy-MM-dd} (UTC)</p>\n");
        card.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"state\">{State(entry, now)}</p>\n");
        if (challenge.GoalPoints is { } goal)
        {
            card.Append(CultureInfo.InvariantCulture, $"<p>Goal: <strong>{goal} points</strong>{(challenge.Mode == ChallengeMode.Team ? " on average per member" : "")}.</p>\n");
        }

        if (entry.Badge is { } badge)
        {
            card.Append(CultureInfo.InvariantCulture,
                $"<p data-testid=\"challenge-badge\">Badge: <strong>{PageLayout.Encode(badge.Name)}</strong>. {PageLayout.Encode(badge.CriteriaNarrative)}</p>\n");
        }

        card.Append(Progress(entry, session, now, path));
        card.Append("</li>\n");
        return card.ToString();
    }

    private static string Progress(ChallengeEntry entry, LtiSession session, DateTimeOffset now, string path)
    {
        var text = new StringBuilder();
        var challenge = entry.Challenge;
        var progressId = "progress-" + Convert.ToHexString(Encoding.UTF8.GetBytes(challenge.Id)).ToLowerInvariant();
        if (entry.Mine is { } mine)
        {
            var whose = challenge.Mode == ChallengeMode.Team ? $"Your school, {mine.Label}, has" : "You have";
            text.Append(CultureInfo.InvariantCulture,
                $"<p id=\"{progressId}\" data-testid=\"my-progress\">{PageLayout.Encode(whose)} {Points(mine.Score)} points, place {mine.Rank} of {entry.RankedCount}.");
            if (challenge.GoalPoints is { } goal)
            {
                var percent = ChallengeRanking.GoalPercent(mine.Score, goal);
                text.Append(CultureInfo.InvariantCulture, $" {percent}% of the goal.</p>\n");
                text.Append(CultureInfo.InvariantCulture, $"<progress aria-labelledby=\"{progressId}\" max=\"100\" value=\"{percent}\">{percent}%</progress>\n");
            }
            else
            {
                text.Append("</p>\n");
            }
        }

        if (entry.Won)
        {
            text.Append("<p class=\"done\" data-testid=\"won\">You won this challenge and earned its badge.</p>\n");
        }

        var leader = session.Role >= PdRole.Instructor;
        if (entry.Mine is null && !leader && !entry.HasEnded(now))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"<form method=\"post\" action=\"{PageLayout.Encode(path)}/join\">{CsrfCheck.HiddenField(session)}<button type=\"submit\" data-testid=\"join\">Join {PageLayout.Encode(challenge.Name)}</button></form>\n");
        }

        if (leader && !entry.HasEnded(now))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"<form method=\"post\" action=\"{PageLayout.Encode(path)}/end\">{CsrfCheck.HiddenField(session)}<button type=\"submit\" data-testid=\"end\">End {PageLayout.Encode(challenge.Name)} now</button></form>\n");
        }

        return text.ToString();
    }

    private static string State(ChallengeEntry entry, DateTimeOffset now)
    {
        var challenge = entry.Challenge;
        if (entry.HasEnded(now))
        {
            var early = challenge.EndedEarlyBy is null ? "" : " early";
            return $"Ended{early}. {(challenge.ClosedAt is null ? "Winners are being decided." : "Winners are decided.")}";
        }

        return entry.IsRunning(now)
            ? string.Create(CultureInfo.InvariantCulture, $"Running: {Math.Max(0, (int)Math.Ceiling((challenge.EndsAt - now).TotalDays))} days left.")
            : string.Create(CultureInfo.InvariantCulture, $"Starts on {challenge.StartsAt:yyyy-MM-dd}. Points count from then.");
    }

    private static string CreateForm(ChallengeForm form, IReadOnlyList<SchoolRecord> schools, LtiSession session)
    {
        var html = new StringBuilder();
        html.Append("<section aria-labelledby=\"create-heading\">\n<h2 id=\"create-heading\">Create a challenge</h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{ListPath}\" data-testid=\"create-form\">{CsrfCheck.HiddenField(session)}\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><label for=\"name\">Name</label><input type=\"text\" id=\"name\" name=\"name\" maxlength=\"200\" required value=\"{PageLayout.Encode(form.Name)}\"></p>\n");
        html.Append("<fieldset><legend>Who competes</legend>\n");
        html.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"mode\" value=\"individual\"{Checked(form.Mode != "team")}> Each teacher on their own</label>\n");
        html.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"mode\" value=\"team\"{Checked(form.Mode == "team")}> Schools as teams (whole district only)</label>\n</fieldset>\n");
        html.Append("<p><label for=\"scope\">Open to</label><br><select id=\"scope\" name=\"scope\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<option value=\"{ChallengeForm.DistrictScope}\"{Selected(form.Scope == ChallengeForm.DistrictScope)}>The whole district</option>\n");
        foreach (var school in schools)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<option value=\"{PageLayout.Encode(school.SchoolId)}\"{Selected(form.Scope == school.SchoolId)}>{PageLayout.Encode(school.Name)}</option>\n");
        }

        html.Append("</select></p>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p><label for=\"goal\">Goal in points</label><input type=\"text\" inputmode=\"numeric\" id=\"goal\" name=\"goal\" required aria-describedby=\"goal-hint\" value=\"{PageLayout.Encode(form.Goal)}\"></p>\n<p class=\"hint\" id=\"goal-hint\">Points a teacher, or a school on average, must earn during the challenge. From 1 to {ChallengeService.MaxGoalPoints}.</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><label for=\"starts\">First day</label><br><input type=\"date\" id=\"starts\" name=\"starts\" required value=\"{PageLayout.Encode(form.StartDate)}\"></p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><label for=\"ends\">Last day</label><br><input type=\"date\" id=\"ends\" name=\"ends\" required value=\"{PageLayout.Encode(form.EndDate)}\"></p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><label for=\"badge_name\">Badge name</label><input type=\"text\" id=\"badge_name\" name=\"badge_name\" maxlength=\"200\" required value=\"{PageLayout.Encode(form.BadgeName)}\"></p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p><label for=\"badge_description\">Badge description</label><textarea id=\"badge_description\" name=\"badge_description\" maxlength=\"1000\" required>{PageLayout.Encode(form.BadgeDescription)}</textarea></p>\n");
        html.Append("<button type=\"submit\" data-testid=\"create\">Create challenge</button>\n</form>\n</section>\n");
        return html.ToString();
    }

    private static string Points(double score) => score.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Checked(bool on) => on ? " checked" : "";

    private static string Selected(bool on) => on ? " selected" : "";
}
