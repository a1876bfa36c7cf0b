using LtiPd.Gamification.Badges;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Leaderboards;
using LtiPd.Gamification.Participants;
using LtiPd.Gamification.Streaks;
using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// Serves the learner's recognition pages. Every page needs a live session and reads only the
/// session's own district and user; every post needs the session's CSRF token.
/// </summary>
internal sealed partial class RecognitionPageHandler
{
    private const int LedgerRowsShown = 50;

    private readonly SessionAccessor _sessions;
    private readonly RecognitionViewers _viewers;
    private readonly GamificationEngine _engine;
    private readonly BadgeAwardReader _badges;
    private readonly StreakService _streaks;
    private readonly LeaderboardService _leaderboards;
    private readonly ParticipantDirectory _participants;
    private readonly BadgeCredentialStore _credentials;
    private readonly BadgeIssuing _issuing;
    private readonly LeaderboardPage _leaderboardPage;
    private readonly ModuleCatalog _catalog;
    private readonly LevelImageStore _levelImages;
    private readonly ILogger<RecognitionPageHandler> _logger;

    public RecognitionPageHandler(
        SessionAccessor sessions,
        RecognitionViewers viewers,
        GamificationEngine engine,
        BadgeAwardReader badges,
        StreakService streaks,
        LeaderboardService leaderboards,
        ParticipantDirectory participants,
        BadgeCredentialStore credentials,
        BadgeIssuing issuing,
        LeaderboardPage leaderboardPage,
        LevelImageStore levelImages,
        ModuleCatalog catalog,
        ILogger<RecognitionPageHandler> logger)
    {
        _sessions = sessions;
        _viewers = viewers;
        _engine = engine;
        _badges = badges;
        _streaks = streaks;
        _leaderboards = leaderboards;
        _participants = participants;
        _credentials = credentials;
        _issuing = issuing;
        _leaderboardPage = leaderboardPage;
        _levelImages = levelImages;
        _catalog = catalog;
        _logger = logger;
    }

    public async Task<IResult> SummaryAsync(HttpContext context)
    {
        if (await ViewerAsync(context) is not { } viewer)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var summary = await LoadAsync(viewer, context.RequestAborted);
        var notice = context.Request.Query["notice"].ToString() switch
        {
            "opt-in" => "Your name is now shown on leaderboards.",
            "opt-out" => "Your name is now hidden on leaderboards.",
            "paused" => "This week is paused. Your streak will not end because of it.",
            _ => null,
        };
        return PageLayout.Result(context, PageLayout.Render("My points and badges", RecognitionView.Render(summary, viewer.Session, notice)));
    }

    /// <summary>Returns the dashboard's recognition summary, or an empty string when the session's registration is gone.</summary>
    public async Task<string> DashboardSummaryAsync(LtiSession session, CancellationToken cancellationToken)
    {
        var viewer = await _viewers.ResolveAsync(session, cancellationToken);
        return viewer is null ? "" : RecognitionView.DashboardSummary(await LoadAsync(viewer, cancellationToken));
    }

    public async Task<IResult> LeaderboardsAsync(HttpContext context)
    {
        if (await ViewerAsync(context) is not { } viewer)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        return await _leaderboardPage.RenderAsync(context, viewer);
    }

    public async Task<IResult> OptInAsync(HttpContext context)
    {
        var (viewer, rejection) = await AuthorizePostAsync(context);
        if (viewer is null)
        {
            return rejection!;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var show = string.Equals(form["show_name"].ToString(), "true", StringComparison.Ordinal);
        await _participants.SetLeaderboardOptInAsync(viewer.TenantId, viewer.UserId, show, context.RequestAborted);
        return new SeeOtherResult("/app/recognition?notice=" + (show ? "opt-in" : "opt-out"));
    }

    public async Task<IResult> StreakCalendarAsync(HttpContext context)
    {
        if (await ViewerAsync(context) is not { } viewer)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var notice = context.Request.Query["notice"].ToString() == "paused" ? "The week is paused. Your streak will not end because of it." : null;
        return await RenderCalendarAsync(context, viewer, notice, null, StatusCodes.Status200OK);
    }

    public async Task<IResult> PauseAsync(HttpContext context, TimeProvider timeProvider)
    {
        var (viewer, rejection) = await AuthorizePostAsync(context);
        if (viewer is null)
        {
            return rejection!;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var toCalendar = form["return_to"].ToString() == "calendar";
        var weekText = form["week"].ToString();
        var rules = await _engine.GetRulesAsync(viewer.TenantId, context.RequestAborted);
        var day = rules.LocalDay(timeProvider.GetUtcNow());
        if (weekText.Length > 0 && !DateOnly.TryParseExact(weekText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day))
        {
            var message = $"The week '{weekText}' is not a day written as YYYY-MM-DD. Choose a week from the list.";
            return await PauseFailedAsync(context, viewer, toCalendar, message, StatusCodes.Status400BadRequest);
        }

        var paused = await _streaks.PauseAsync(viewer.TenantId, viewer.UserId, day, context.RequestAborted);
        if (paused.Error is { } error)
        {
            var status = error is Gamification.InvalidInputError ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
            return await PauseFailedAsync(context, viewer, toCalendar, error.Message, status);
        }

        return new SeeOtherResult(toCalendar ? StreakCalendarView.Path + "?notice=paused" : "/app/recognition?notice=paused");
    }

    private async Task<IResult> PauseFailedAsync(HttpContext context, RecognitionViewer viewer, bool toCalendar, string message, int statusCode)
    {
        if (toCalendar)
        {
            return await RenderCalendarAsync(context, viewer, null, message, statusCode);
        }

        var body = $"<p role=\"alert\" data-testid=\"error\">{PageLayout.Encode(message)}</p><p><a href=\"/app/recognition\">Back to your points and badges</a></p>";
        return PageLayout.Result(context, PageLayout.Render("Week not paused", body), statusCode);
    }

    private async Task<IResult> RenderCalendarAsync(HttpContext context, RecognitionViewer viewer, string? notice, string? error, int statusCode)
    {
        var calendar = await _streaks.GetCalendarAsync(viewer.TenantId, viewer.UserId, context.RequestAborted);
        var crumbs = new PageLayout.Crumb[] { new("Points and badges", "/app/recognition"), new("Streak calendar", null) };
        return PageLayout.Result(context, PageLayout.Render("My streak calendar", StreakCalendarView.Render(calendar, viewer.Session, notice, error), crumbs), statusCode);
    }

    public async Task<IResult> CredentialAsync(HttpContext context, string badgeId, string? format)
    {
        if (await ViewerAsync(context) is not { } viewer)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        if (_issuing.Issuer is not { } issuer)
        {
            return LearnerPageResults.NotFound(context, "Badge downloads are not set up for this tool yet. Ask your district administrator.");
        }

        var issued = await _credentials.IssueAsync(viewer.TenantId, viewer.UserId, badgeId, context.RequestAborted);
        if (issued.Value is not { } credential)
        {
            return LearnerPageResults.NotFound(context, "You have not earned this badge yet, so there is nothing to download.");
        }

        var url = format switch
        {
            "json" => issuer.Urls.Credential(credential.CredentialId),
            "ob2" => issuer.Urls.Assertion(credential.CredentialId),
            _ => issuer.Urls.CredentialJwt(credential.CredentialId),
        };
        return new SeeOtherResult(url.PathAndQuery);
    }

    private async Task<RecognitionSummary> LoadAsync(RecognitionViewer viewer, CancellationToken cancellationToken)
    {
        var rules = await _engine.GetRulesAsync(viewer.TenantId, cancellationToken);
        var ledger = await _engine.GetLedgerAsync(viewer.TenantId, viewer.UserId, cancellationToken);
        var earned = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var badge in rules.Badges)
        {
            if ((await _badges.GetAsync(viewer.TenantId, viewer.UserId, badge.Id, cancellationToken)).Value is { } award)
            {
                earned[badge.Id] = award.AwardedAt;
            }
        }

        var board = await _leaderboards.GetDistrictBoardAsync(viewer.TenantId, null, viewer.UserId, 1, 0, cancellationToken);
        var levelImages = await _levelImages.ListAsync(viewer.TenantId, cancellationToken);
        return new RecognitionSummary
        {
            Rules = rules,
            LevelImagePaths = levelImages.ToDictionary(image => image.Level, image => image.PathFor(viewer.TenantId)),
            Points = ledger.Where(row => row.Status == Gamification.Points.AwardStatus.Counted).Sum(row => row.Points),
            Ledger = ledger.OrderByDescending(row => row.Position).ThenByDescending(row => row.RecordedAtMs).Take(LedgerRowsShown)
                .Select(row => row with { Reason = AwardReasonText.ForDisplay(row.Reason, _catalog) })
                .ToList(),
            Earned = earned,
            Streak = await _streaks.GetAsync(viewer.TenantId, viewer.UserId, cancellationToken),
            OptedIn = viewer.OptedIn,
            DistrictRank = board.Value?.ViewerRank,
            DistrictRanked = board.Value?.RankedCount ?? 0,
            CredentialsAvailable = _issuing.Issuer is not null,
        };
    }

    private async Task<RecognitionViewer?> ViewerAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        return session is null ? null : await _viewers.ResolveAsync(session, context.RequestAborted);
    }

    private async Task<(RecognitionViewer? Viewer, IResult? Rejection)> AuthorizePostAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        if (session is null)
        {
            return (null, LearnerPageResults.SignInRequired(context));
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        if (!CsrfCheck.IsValid(session, form))
        {
            Log.CsrfRejected(_logger, session.RegistrationId, context.Request.Path.Value);
            return (null, LearnerPageResults.CsrfRejected(context));
        }

        var viewer = await _viewers.ResolveAsync(session, context.RequestAborted);
        return viewer is null ? (null, LearnerPageResults.SignInRequired(context)) : (viewer, null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1920, EventName = "RecognitionFormCsrfRejected", Level = LogLevel.Information,
            Message = "Rejected a recognition form post to {Path} for registration {RegistrationId}: the CSRF token was missing or wrong")]
        public static partial void CsrfRejected(ILogger logger, string registrationId, string? path);
    }
}
