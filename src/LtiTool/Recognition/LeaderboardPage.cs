using System.Globalization;
using System.Text;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Participants;
using LtiPd.Gamification.Rules;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Pages;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// The leaderboards page: district, school or course board, or the board of schools, for all
/// time or one season. A teacher is shown the top ten and at most <see cref="Neighbours"/> teachers
/// either side of their own place; names show only for teachers who opted in.
/// </summary>
internal sealed class LeaderboardPage
{
    public const int Neighbours = 3;

    private const int TopRows = 10;

    private readonly GamificationEngine _engine;
    private readonly LeaderboardService _leaderboards;
    private readonly ParticipantDirectory _participants;
    private readonly LearnerDirectory _learners;

    public LeaderboardPage(GamificationEngine engine, LeaderboardService leaderboards, ParticipantDirectory participants, LearnerDirectory learners)
    {
        _engine = engine;
        _leaderboards = leaderboards;
        _participants = participants;
        _learners = learners;
    }

    public async Task<IResult> RenderAsync(HttpContext context, RecognitionViewer viewer)
    {
        var cancellationToken = context.RequestAborted;
        var rules = await _engine.GetRulesAsync(viewer.TenantId, cancellationToken);
        var scope = context.Request.Query["scope"].ToString() is { Length: > 0 } requested ? requested : "district";
        var seasonId = context.Request.Query["season"].ToString();
        var season = rules.Seasons.FirstOrDefault(candidate => candidate.Id == seasonId);
        if (seasonId.Length > 0 && season is null)
        {
            // A board for all time under a season's link would read as that season's standings.
            var error = $"{Filters(rules, scope, null)}<p role=\"alert\" data-testid=\"season-error\">{PageLayout.Encode(UnknownSeason(rules, seasonId))}</p>\n";
            return PageLayout.Result(context, PageLayout.Render("Leaderboards", error), StatusCodes.Status400BadRequest);
        }

        var period = season is null ? LeaderboardPeriod.AllTime : ToPeriod(rules.SeasonSpan(season));

        var body = new StringBuilder();
        body.Append(Filters(rules, scope, season));
        body.Append("<section aria-labelledby=\"board-heading\" aria-live=\"polite\">\n");
        switch (scope)
        {
            case "district":
                var district = await _leaderboards.GetDistrictBoardAsync(viewer.TenantId, season?.Id, viewer.UserId, TopRows, Neighbours, cancellationToken);
                body.Append(Board("District", district.Value!.Top, district.Value.AroundViewer, district.Value.ViewerRank, district.Value.RankedCount));
                break;
            case "school" or "course":
                body.Append(await ScopedBoardAsync(viewer, scope, period, cancellationToken));
                break;
            case "schools":
                body.Append(Schools(await _leaderboards.GetSchoolsAsync(viewer.TenantId, period, cancellationToken)));
                break;
            default:
                body.Append("<h2 id=\"board-heading\">Unknown board</h2><p role=\"alert\">Choose the district, school, course or schools board.</p>\n");
                break;
        }

        body.Append("</section>\n<p><a href=\"/app/recognition\">Back to your points and badges</a></p>\n");
        return PageLayout.Result(context, PageLayout.Render("Leaderboards", body.ToString()));
    }

    private async Task<string> ScopedBoardAsync(RecognitionViewer viewer, string scope, LeaderboardPeriod period, CancellationToken cancellationToken)
    {
        string? scopeId;
        if (scope == "school")
        {
            scopeId = (await _participants.GetAsync(viewer.TenantId, viewer.UserId, cancellationToken))?.SchoolId;
        }
        else
        {
            var learner = await _learners.FindAsync(viewer.Session.RegistrationId, viewer.Session.UserId, viewer.Session.ContextId, cancellationToken);
            scopeId = learner?.LtiContextId;
        }

        var title = scope == "school" ? "Your school" : "This course";
        if (scopeId is null)
        {
            return $"<h2 id=\"board-heading\">{title}</h2><p>There is no {scope} board for you yet: LtiPd does not know your {scope}.</p>\n";
        }

        var kind = scope == "school" ? LeaderboardScope.School : LeaderboardScope.Course;
        var top = await _leaderboards.GetTopAsync(viewer.TenantId, kind, scopeId, period, TopRows, cancellationToken);
        var around = await _leaderboards.GetAroundAsync(viewer.TenantId, kind, scopeId, period, viewer.UserId, Neighbours, cancellationToken);
        var aroundRows = around.Value!.Any(entry => entry.IsViewer) ? around.Value! : [];
        return Board(title, top.Value!, aroundRows, aroundRows.FirstOrDefault(entry => entry.IsViewer)?.Rank, null);
    }

    private static string UnknownSeason(RuleSet rules, string seasonId)
    {
        if (rules.Seasons.Count == 0)
        {
            return $"The season '{seasonId}' does not exist: your district has no seasons. Choose \"All time\".";
        }

        var seasons = string.Join(", ", rules.Seasons.Select(candidate => $"{candidate.Name} ({candidate.Id})"));
        return $"The season '{seasonId}' does not exist. Choose one of your district's seasons: {seasons}, or \"All time\".";
    }

    private static string Filters(RuleSet rules, string scope, Season? season)
    {
        var html = new StringBuilder();
        html.Append("<form method=\"get\" action=\"/app/recognition/leaderboards\" aria-label=\"Choose a leaderboard\">\n");
        html.Append("<label for=\"scope\">Board</label> <select id=\"scope\" name=\"scope\">");
        foreach (var (value, label) in new[] { ("district", "District"), ("school", "My school"), ("course", "This course"), ("schools", "Schools") })
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{value}\"{(value == scope ? " selected" : "")}>{label}</option>");
        }

        html.Append("</select>\n<label for=\"season\">Season</label> <select id=\"season\" name=\"season\"><option value=\"\">All time</option>");
        foreach (var candidate in rules.Seasons)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<option value=\"{PageLayout.Encode(candidate.Id)}\"{(candidate == season ? " selected" : "")}>{PageLayout.Encode(candidate.Name)}</option>");
        }

        html.Append("</select>\n<button type=\"submit\">Show</button>\n</form>\n");
        return html.ToString();
    }

    private static string Board(string title, IReadOnlyList<LeaderboardEntry> top, IReadOnlyList<LeaderboardEntry> around, int? viewerRank, int? ranked)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"board-heading\">{PageLayout.Encode(title)} leaderboard</h2>\n");
        html.Append(viewerRank is { } rank
            ? string.Create(CultureInfo.InvariantCulture, $"<p data-testid=\"your-place\">You are in place {rank}{(ranked is { } count ? $" of {count}" : "")}.</p>\n")
            : "<p data-testid=\"your-place\">You are not on this board yet. Points you earn here will place you on it.</p>\n");
        html.Append(Table("Top ten", top, "board-top"));
        if (around.Count > 0)
        {
            html.Append(Table("Around your place", around, "board-around"));
        }

        html.Append("<p class=\"hint\">Names show only for teachers who chose to show them. Reviewers' and administrators' points are not ranked.</p>\n");
        return html.ToString();
    }

    private static string Table(string caption, IReadOnlyList<LeaderboardEntry> entries, string testId)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"table-scroll\"><table data-testid=\"{testId}\">\n<caption>{caption}</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Place</th><th scope=\"col\">Teacher</th><th scope=\"col\">Points</th></tr></thead>\n<tbody>\n");
        foreach (var entry in entries)
        {
            var name = entry.IsViewer ? "You" : entry.DisplayName is { } shown ? PageLayout.Encode(shown) : "A teacher";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr{(entry.IsViewer ? " aria-current=\"true\"" : "")}><td>{entry.Rank}</td><td>{name}</td><td>{entry.Points}</td></tr>\n");
        }

        html.Append("</tbody></table></div>\n");
        return html.ToString();
    }

    private static string Schools(IReadOnlyList<SchoolStanding> schools)
    {
        var html = new StringBuilder("<h2 id=\"board-heading\">Schools leaderboard</h2>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"hint\">Schools rank by average points per active teacher, and appear from {LeaderboardService.MinimumSchoolParticipants} active teachers.</p>\n");
        html.Append("<div class=\"table-scroll\"><table data-testid=\"board-schools\">\n<caption>Schools</caption>\n");
        html.Append("<thead><tr><th scope=\"col\">Place</th><th scope=\"col\">School</th><th scope=\"col\">Average points</th><th scope=\"col\">Active teachers</th></tr></thead>\n<tbody>\n");
        foreach (var school in schools)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{school.Rank}</td><td>{PageLayout.Encode(school.SchoolId)}</td><td>{school.AveragePoints:0.0}</td><td>{school.ActiveParticipants}</td></tr>\n");
        }

        html.Append("</tbody></table></div>\n");
        return html.ToString();
    }

    private static LeaderboardPeriod ToPeriod(LeaderboardSpan span) => new(span.From, span.To);
}
