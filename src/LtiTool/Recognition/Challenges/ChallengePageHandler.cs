using System.Security.Cryptography;
using LtiPd.Gamification;
using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Schools;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition.Challenges;

/// <summary>
/// Serves the challenge pages. Every page reads only the session's own district, so an id from
/// another district is not found. A teacher is shown district-wide challenges and those of their
/// own school. Only PD leaders and administrators create or end challenges, and every post needs
/// the session's CSRF token.
/// </summary>
internal sealed partial class ChallengePageHandler
{
    // Standings rows shown: a teacher gets the top places plus their own, a leader gets up to LeaderPlaces.
    private const int TeacherTopPlaces = 5;
    private const int LeaderPlaces = 100;

    private readonly SessionAccessor _sessions;
    private readonly RecognitionViewers _viewers;
    private readonly ChallengeService _challenges;
    private readonly GamificationEngine _engine;
    private readonly ParticipantDirectory _participants;
    private readonly SchoolDirectory _schools;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ChallengePageHandler> _logger;

    public ChallengePageHandler(
        SessionAccessor sessions, RecognitionViewers viewers, ChallengeService challenges, GamificationEngine engine,
        ParticipantDirectory participants, SchoolDirectory schools, TimeProvider timeProvider, ILogger<ChallengePageHandler> logger)
    {
        _sessions = sessions;
        _viewers = viewers;
        _challenges = challenges;
        _engine = engine;
        _participants = participants;
        _schools = schools;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task<IResult> ListAsync(HttpContext context)
    {
        if (await ViewerAsync(context) is not { } viewer)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var notice = context.Request.Query["notice"].ToString() switch
        {
            "created" => "The challenge is created. Teachers it is open to can join it now.",
            _ => null,
        };
        return await RenderListAsync(context, viewer, notice, [], ChallengeForm.Empty, StatusCodes.Status200OK);
    }

    public async Task<IResult> DetailAsync(HttpContext context, string challengeId)
    {
        if (await ViewerAsync(context) is not { } viewer)
        {
            return LearnerPageResults.SignInRequired(context);
        }

        var notice = context.Request.Query["notice"].ToString() switch
        {
            "joined" => "You joined the challenge. Points you earn from now until its last day count.",
            "ended" => "The challenge is ended and its winners are decided.",
            _ => null,
        };
        return await RenderDetailAsync(context, viewer, challengeId, notice, null, StatusCodes.Status200OK);
    }

    public async Task<IResult> CreateAsync(HttpContext context)
    {
        var (viewer, rejection) = await AuthorizePostAsync(context, leaderOnly: true);
        if (viewer is null)
        {
            return rejection!;
        }

        var form = ChallengeForm.Read(await context.Request.ReadFormAsync(context.RequestAborted));
        var rules = await _engine.GetRulesAsync(viewer.TenantId, context.RequestAborted);
        var schools = await SchoolsAsync(viewer, context.RequestAborted);
        var schoolIds = schools.Select(school => school.SchoolId).ToHashSet(StringComparer.Ordinal);
        var suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
        var (challenge, badge, errors) = form.Parse(rules, schoolIds, rules.LocalDay(_timeProvider.GetUtcNow()), suffix);
        if (errors.Count > 0)
        {
            return await RenderListAsync(context, viewer, null, errors, form, StatusCodes.Status400BadRequest);
        }

        var created = await _challenges.CreateAsync(viewer.TenantId, challenge!, badge, Actor(viewer), context.RequestAborted);
        if (created.Error is { } failure)
        {
            return await RenderListAsync(context, viewer, null, [failure.Message], form, StatusCode(failure));
        }

        Log.ChallengeCreated(_logger, viewer.TenantId, challenge!.Id, viewer.Session.RegistrationId);
        return new SeeOtherResult(ChallengeView.ListPath + "?notice=created");
    }

    public async Task<IResult> JoinAsync(HttpContext context, string challengeId)
    {
        var (viewer, rejection) = await AuthorizePostAsync(context, leaderOnly: false);
        if (viewer is null)
        {
            return rejection!;
        }

        var schoolId = (await _participants.GetAsync(viewer.TenantId, viewer.UserId, context.RequestAborted))?.SchoolId;
        var found = await _challenges.FindAsync(viewer.TenantId, challengeId, context.RequestAborted);
        if (found.Value is not { } challenge || !IsOpenTo(challenge, viewer, schoolId))
        {
            return NotFound(context);
        }

        if (challenge.Mode == ChallengeMode.Team && schoolId is null)
        {
            return await RenderDetailAsync(context, viewer, challengeId, null,
                "Schools compete as teams in this challenge, and your district has not told us your school. Ask your district administrator to map your school.",
                StatusCodes.Status409Conflict);
        }

        var joined = await _challenges.JoinAsync(
            viewer.TenantId, challengeId, viewer.UserId, challenge.Mode == ChallengeMode.Team ? schoolId : null, context.RequestAborted);
        return joined.Error is { } error
            ? await RenderDetailAsync(context, viewer, challengeId, null, error.Message, StatusCode(error))
            : new SeeOtherResult(DetailPath(challengeId) + "?notice=joined");
    }

    public async Task<IResult> EndAsync(HttpContext context, string challengeId)
    {
        var (viewer, rejection) = await AuthorizePostAsync(context, leaderOnly: true);
        if (viewer is null)
        {
            return rejection!;
        }

        // Not cancelled when the browser leaves: once the end is written, the winners are decided in the same request.
        var ended = await _challenges.EndNowAsync(viewer.TenantId, challengeId, Actor(viewer), CancellationToken.None);
        if (ended.Error is NotFoundError)
        {
            return NotFound(context);
        }

        if (ended.Error is { } error)
        {
            return await RenderDetailAsync(context, viewer, challengeId, null, error.Message, StatusCode(error));
        }

        Log.ChallengeEnded(_logger, viewer.TenantId, challengeId, ended.Value!.Count);
        return new SeeOtherResult(DetailPath(challengeId) + "?notice=ended");
    }

    private async Task<IResult> RenderListAsync(
        HttpContext context, RecognitionViewer viewer, string? notice, IReadOnlyList<string> errors, ChallengeForm form, int statusCode)
    {
        var cancellationToken = context.RequestAborted;
        var schoolId = (await _participants.GetAsync(viewer.TenantId, viewer.UserId, cancellationToken))?.SchoolId;
        var schools = await SchoolsAsync(viewer, cancellationToken);
        var entries = new List<ChallengeEntry>();
        foreach (var challenge in await _challenges.ListAsync(viewer.TenantId, cancellationToken))
        {
            if (IsOpenTo(challenge, viewer, schoolId))
            {
                entries.Add(await LoadEntryAsync(viewer, challenge, schools, cancellationToken));
            }
        }

        var body = ChallengeView.List(entries, viewer.Session, _timeProvider.GetUtcNow(), notice, errors, form, schools);
        return PageLayout.Result(context, PageLayout.Render("Challenges", body), statusCode);
    }

    private async Task<IResult> RenderDetailAsync(HttpContext context, RecognitionViewer viewer, string challengeId, string? notice, string? error, int statusCode)
    {
        var cancellationToken = context.RequestAborted;
        var schoolId = (await _participants.GetAsync(viewer.TenantId, viewer.UserId, cancellationToken))?.SchoolId;
        var found = await _challenges.FindAsync(viewer.TenantId, challengeId, cancellationToken);
        if (found.Value is not { } challenge || !IsOpenTo(challenge, viewer, schoolId))
        {
            return NotFound(context);
        }

        var schools = await SchoolsAsync(viewer, cancellationToken);
        var entry = await LoadEntryAsync(viewer, challenge, schools, cancellationToken);
        var crumbs = new PageLayout.Crumb[] { new("Challenges", ChallengeView.ListPath), new(challenge.Name, null) };
        var body = ChallengeView.Detail(entry, viewer.Session, _timeProvider.GetUtcNow(), notice, error);
        return PageLayout.Result(context, PageLayout.Render(challenge.Name, body, crumbs), statusCode);
    }

    private async Task<ChallengeEntry> LoadEntryAsync(
        RecognitionViewer viewer, ChallengeDefinition challenge, IReadOnlyList<SchoolRecord> schools, CancellationToken cancellationToken)
    {
        // ChallengeDecisionWorker decides ended challenges within its interval. A visit in the
        // meantime decides it at once; the decision's claim keeps it to one.
        if (challenge.ClosedAt is null && _timeProvider.GetUtcNow() >= challenge.EndsAt)
        {
            await _challenges.CloseAsync(viewer.TenantId, challenge.Id, cancellationToken);
            challenge = (await _challenges.FindAsync(viewer.TenantId, challenge.Id, cancellationToken)).Value ?? challenge;
        }

        var scores = (await _challenges.GetScoresAsync(viewer.TenantId, challenge.Id, cancellationToken)).Value ?? [];
        var rules = await _engine.GetRulesAsync(viewer.TenantId, cancellationToken);
        var badge = challenge.BadgeId is null ? null : rules.Badges.FirstOrDefault(definition => definition.Id == challenge.BadgeId);
        var winners = challenge.ClosedAt is null ? [] : await _challenges.GetWinnersAsync(viewer.TenantId, challenge.Id, cancellationToken);
        var leader = viewer.Session.Role >= PdRole.Instructor;
        var mine = scores.FirstOrDefault(score => score.Members.Contains(viewer.UserId, StringComparer.Ordinal));
        var shown = scores.Where((score, index) => index < (leader ? LeaderPlaces : TeacherTopPlaces) || score == mine).ToList();
        var standings = new List<ChallengeStanding>(shown.Count);
        foreach (var score in shown)
        {
            standings.Add(new ChallengeStanding(score.Rank, await LabelAsync(viewer, challenge, score, schools, cancellationToken), score.Score, score.Members.Count, score == mine));
        }

        var scope = challenge.SchoolId is null ? "Whole district" : SchoolName(schools, challenge.SchoolId);
        return new ChallengeEntry(challenge, badge, standings, scores.Count, standings.FirstOrDefault(standing => standing.IsViewer),
            winners.Contains(viewer.UserId, StringComparer.Ordinal), scope);
    }

    // Leaderboard privacy applies to leaders too: a name shows only when its teacher opted in.
    private async Task<string> LabelAsync(
        RecognitionViewer viewer, ChallengeDefinition challenge, ChallengeScore score, IReadOnlyList<SchoolRecord> schools, CancellationToken cancellationToken)
    {
        if (challenge.Mode == ChallengeMode.Team)
        {
            return SchoolName(schools, score.Key);
        }

        if (score.Key == viewer.UserId)
        {
            return "You";
        }

        var participant = await _participants.GetAsync(viewer.TenantId, score.Key, cancellationToken);
        return participant is { LeaderboardOptIn: true, DisplayName: { Length: > 0 } name } ? name : "A teacher (name hidden)";
    }

    // A district with several registrations may list one school under each of them.
    private async Task<IReadOnlyList<SchoolRecord>> SchoolsAsync(RecognitionViewer viewer, CancellationToken cancellationToken) =>
        (await _schools.ListAsync(viewer.TenantId, cancellationToken)).DistinctBy(school => school.SchoolId, StringComparer.Ordinal).ToList();

    private static string SchoolName(IReadOnlyList<SchoolRecord> schools, string schoolId) =>
        schools.FirstOrDefault(school => school.SchoolId == schoolId)?.Name ?? schoolId;

    private static bool IsOpenTo(ChallengeDefinition challenge, RecognitionViewer viewer, string? schoolId) =>
        viewer.Session.Role >= PdRole.Instructor || challenge.SchoolId is null || challenge.SchoolId == schoolId;

    private static string DetailPath(string challengeId) => $"{ChallengeView.ListPath}/{Uri.EscapeDataString(challengeId)}";

    private static string Actor(RecognitionViewer viewer) => viewer.Session.DisplayName ?? viewer.UserId;

    private static IResult NotFound(HttpContext context) =>
        LearnerPageResults.NotFound(context, "This challenge was not found among the challenges open to you. Go back to the list of challenges.");

    private static int StatusCode(GamificationError error) => error switch
    {
        NotFoundError => StatusCodes.Status404NotFound,
        ConflictError => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private async Task<RecognitionViewer?> ViewerAsync(HttpContext context)
    {
        var session = await _sessions.GetAsync(context);
        return session is null ? null : await _viewers.ResolveAsync(session, context.RequestAborted);
    }

    private async Task<(RecognitionViewer? Viewer, IResult? Rejection)> AuthorizePostAsync(HttpContext context, bool leaderOnly)
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

        if (leaderOnly && session.Role < PdRole.Instructor)
        {
            const string Body = "<p role=\"alert\">Only PD leaders and district administrators can create or end challenges.</p><p><a href=\"/app/challenges\">Back to challenges</a></p>";
            return (null, PageLayout.Result(context, PageLayout.Render("Challenges", Body), StatusCodes.Status403Forbidden));
        }

        var viewer = await _viewers.ResolveAsync(session, context.RequestAborted);
        return viewer is null ? (null, LearnerPageResults.SignInRequired(context)) : (viewer, null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1860, EventName = "ChallengeFormCsrfRejected", Level = LogLevel.Information,
            Message = "Rejected a challenge form post to {Path} for registration {RegistrationId}: the CSRF token was missing or wrong")]
        public static partial void CsrfRejected(ILogger logger, string registrationId, string? path);

        [LoggerMessage(EventId = 1861, EventName = "ChallengeCreated", Level = LogLevel.Information,
            Message = "Created challenge {ChallengeId} in district {DistrictId} from registration {RegistrationId}")]
        public static partial void ChallengeCreated(ILogger logger, string districtId, string challengeId, string registrationId);

        [LoggerMessage(EventId = 1862, EventName = "ChallengeEnded", Level = LogLevel.Information,
            Message = "Ended challenge {ChallengeId} in district {DistrictId} on request; {WinnerCount} winners")]
        public static partial void ChallengeEnded(ILogger logger, string districtId, string challengeId, int winnerCount);
    }
}
