using System.Globalization;
using System.Text;
using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Points;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Recognition;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Pages;

/// <summary>
/// The points, level and badge notice of the learner pages. It reads the gamification ledger and
/// badges newer than the position the learner last saw, returns them once (in the page's polite
/// live region, or to the page's poll of <c>/app/awards/new</c>), and moves the learner's mark in
/// <c>award_notice_marks</c> past them.
/// </summary>
internal sealed partial class AwardNotices
{
    private static readonly SqlText SelectMark = SqlText.Portable(
        "SELECT seen_position FROM award_notice_marks WHERE registration_id = @RegistrationId AND user_ref = @UserRef");

    private static readonly SqlText SelectNewBadges = SqlText.Portable(
        "SELECT badge_id AS BadgeId, position AS Position FROM gamification_badges WHERE tenant_id = @TenantId AND user_id = @UserId AND position > @Seen ORDER BY position");

    private const string UpsertMarkSql =
        "INSERT INTO award_notice_marks (registration_id, user_ref, seen_position, updated_at_ms) VALUES (@RegistrationId, @UserRef, @Seen, @Now) " +
        "ON CONFLICT (registration_id, user_ref) DO UPDATE SET seen_position = CASE WHEN excluded.seen_position > award_notice_marks.seen_position " +
        "THEN excluded.seen_position ELSE award_notice_marks.seen_position END, updated_at_ms = excluded.updated_at_ms";

    private static readonly SqlText UpsertMark = SqlText.PerProvider(
        sqlite: UpsertMarkSql,
        postgreSql: UpsertMarkSql,
        sqlServer: "MERGE award_notice_marks WITH (HOLDLOCK) AS target USING (SELECT @RegistrationId AS registration_id, @UserRef AS user_ref) AS source " +
                   "ON target.registration_id = source.registration_id AND target.user_ref = source.user_ref " +
                   "WHEN MATCHED AND target.seen_position < @Seen THEN UPDATE SET seen_position = @Seen, updated_at_ms = @Now " +
                   "WHEN NOT MATCHED THEN INSERT (registration_id, user_ref, seen_position, updated_at_ms) VALUES (@RegistrationId, @UserRef, @Seen, @Now);");

    private readonly Database _database;
    private readonly PlatformRegistry _registry;
    private readonly GamificationEngine _engine;
    private readonly ModuleCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AwardNotices> _logger;

    public AwardNotices(Database database, PlatformRegistry registry, GamificationEngine engine, ModuleCatalog catalog, TimeProvider timeProvider, ILogger<AwardNotices> logger)
    {
        _catalog = catalog;
        _database = database;
        _registry = registry;
        _engine = engine;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Returns the polite live region of the learner pages, holding the notice for awards the
    /// learner has not been shown yet, and marks them shown. The region is there, empty, when
    /// there are none, so <see cref="AwardNoticeScript"/> can announce awards that arrive while
    /// the page is open. A failure here is logged and never fails the page; only a cancelled
    /// request ends it.
    /// </summary>
    public async Task<string> TakeAsync(LtiSession session, CancellationToken cancellationToken)
    {
        var notice = await TakeNewAsync(session, cancellationToken);
        return AwardNoticeScript.Region(notice is null ? string.Empty : Render(notice));
    }

    /// <summary>
    /// Returns the awards the learner has not been shown yet and marks them shown, or null when
    /// there are none or reading them failed (logged). Only a cancelled request throws.
    /// </summary>
    public async Task<AwardNotice?> TakeNewAsync(LtiSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            return await BuildAndMarkAsync(session, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.NoticeFailed(_logger, session.RegistrationId, session.UserId, exception);
            return null;
        }
    }

    private async Task<AwardNotice?> BuildAndMarkAsync(LtiSession session, CancellationToken cancellationToken)
    {
        var registration = await _registry.FindByIdAsync(session.RegistrationId, cancellationToken);
        if (registration is null)
        {
            return null;
        }

        // The engine keys a teacher by the statement actor's account: the platform issuer and the LTI subject.
        var tenantId = registration.DistrictId;
        var userId = GamificationKeys.UserId(registration.Issuer, session.Subject);
        var key = new { session.RegistrationId, UserRef = session.UserId };

        await using var connection = await _database.OpenAsync(cancellationToken);
        var seen = await connection.QuerySingleOrDefaultAsync<long?>(_database.Command(SelectMark, key, cancellationToken)) ?? 0;
        var ledger = await _engine.GetLedgerAsync(tenantId, userId, cancellationToken);
        var newAwards = ledger.Where(entry => entry.Position > seen && entry.Status == AwardStatus.Counted && entry.Points > 0).ToList();
        var newBadges = (await connection.QueryAsync<BadgeRow>(_database.Command(
            SelectNewBadges, new { TenantId = tenantId, UserId = userId, Seen = seen }, cancellationToken))).ToList();
        if (newAwards.Count == 0 && newBadges.Count == 0)
        {
            return null;
        }

        var rules = await _engine.GetRulesAsync(tenantId, cancellationToken);
        var total = ledger.Where(entry => entry.Status == AwardStatus.Counted).Sum(entry => entry.Points);
        var level = rules.LevelFor(total);
        var badgeNames = newBadges
            .Select(row => rules.Badges.FirstOrDefault(badge => badge.Id == row.BadgeId)?.Name ?? row.BadgeId)
            .ToList();

        var newSeen = Math.Max(newAwards.Select(entry => entry.Position).DefaultIfEmpty(0).Max(), newBadges.Select(row => row.Position).DefaultIfEmpty(0).Max());
        await connection.ExecuteAsync(_database.Command(UpsertMark, new
        {
            key.RegistrationId,
            key.UserRef,
            Seen = newSeen,
            Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken));

        return new AwardNotice
        {
            Points = newAwards.Sum(entry => entry.Points),
            Reasons = string.Join("; ", newAwards.Select(entry => AwardReasonText.ForDisplay(entry.Reason, _catalog)).Distinct(StringComparer.Ordinal).Take(3)),
            TotalPoints = total,
            Level = level,
            LevelName = rules.Levels[level - 1].Name,
            Badges = badgeNames,
        };
    }

    // The page's live region announces this when it is filled in while the page is open; content
    // present at load is read with the page.
    private static string Render(AwardNotice notice)
    {
        var html = new StringBuilder("<div class=\"notice success\" data-testid=\"award-notice\">\n");
        if (notice.Points > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>You earned <strong data-testid=\"award-points\">{notice.PointsText}</strong>: {PageLayout.Encode(notice.Reasons)}.</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p>You now have <span data-testid=\"award-total\">{notice.TotalText}</span> and are at <span data-testid=\"award-level\">{PageLayout.Encode(notice.LevelName)}</span>{notice.LevelSuffix}.</p>\n");
        foreach (var badge in notice.Badges)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>New badge: <strong data-testid=\"award-badge\">{PageLayout.Encode(badge)}</strong>.</p>\n");
        }

        html.Append("</div>\n");
        return html.ToString();
    }

    private sealed class BadgeRow
    {
        public string BadgeId { get; set; } = string.Empty;

        public long Position { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1708, EventName = "AwardNoticeFailed", Level = LogLevel.Error,
            Message = "Reading new awards for user {UserId} of registration {RegistrationId} failed; the page is shown without the notice")]
        public static partial void NoticeFailed(ILogger logger, string registrationId, string userId, Exception exception);
    }
}
