using System.Globalization;
using Dapper;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using LtiPd.XapiBridge.Profile;

namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>
/// Corrections of recorded attendance. Marking a learner absent deletes their attendee row and
/// writes a voiding statement for its attended statement, so the embedded LRS voids it and the
/// engine reverses its points. Marking a learner present again writes a new attended statement.
/// Each correction stores an audit row, in the same transaction as its statement.
/// </summary>
internal sealed partial class LiveSessionRecorder
{
    /// <summary>The correction action that removes a learner's attendance.</summary>
    public const string MarkAbsent = "absent";

    /// <summary>The correction action that records a learner as present.</summary>
    public const string MarkPresent = "present";

    /// <summary>The longest correction reason accepted.</summary>
    public const int MaxReasonLength = 500;

    private static readonly SqlText FindSessionSql = SqlText.Portable(
        "SELECT id AS Id, title AS Title, held_on AS HeldOn FROM live_sessions WHERE id = @SessionId AND registration_id = @RegistrationId AND context_ref = @ContextRef");

    private static readonly SqlText AttendeesSql = SqlText.Portable(
        "SELECT subject FROM live_session_attendees WHERE session_id = @SessionId");

    private static readonly SqlText AttendeeStatementSql = SqlText.Portable(
        "SELECT statement_id FROM live_session_attendees WHERE session_id = @SessionId AND subject = @Subject");

    // The statement id in the condition makes a second, concurrent absence delete nothing.
    private static readonly SqlText DeleteAttendeeSql = SqlText.Portable(
        "DELETE FROM live_session_attendees WHERE session_id = @SessionId AND subject = @Subject AND statement_id = @StatementId");

    private static readonly SqlText EarlierAbsenceSql = SqlText.Portable(
        "SELECT COUNT(*) FROM live_session_corrections WHERE session_id = @SessionId AND subject = @Subject AND action = 'absent'");

    private static readonly SqlText InsertCorrectionSql = SqlText.Portable(
        "INSERT INTO live_session_corrections (id, session_id, subject, action, statement_id, voided_statement_id, reason, corrected_by, corrected_at_ms) " +
        "VALUES (@Id, @SessionId, @Subject, @Action, @StatementId, @VoidedStatementId, @Reason, @CorrectedBy, @Now)");

    private static readonly SqlText CorrectionsSql = SqlText.Portable(
        "SELECT c.subject AS Subject, c.action AS Action, c.reason AS Reason, COALESCE(u.name, c.corrected_by) AS CorrectedBy, c.corrected_at_ms AS CorrectedAtMs " +
        "FROM live_session_corrections c LEFT JOIN lti_users u ON u.id = c.corrected_by " +
        "WHERE c.session_id = @SessionId ORDER BY c.corrected_at_ms, c.id");

    /// <summary>
    /// Returns a session of the leader's course with the subjects recorded as present and its
    /// corrections, oldest first, or null when the course has no such session.
    /// </summary>
    public async Task<LiveSessionDetail?> FindAsync(LtiSession leader, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leader);
        if (leader.ContextId is not { } contextRef)
        {
            return null;
        }

        await using var connection = await Database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(Database.Command(
            FindSessionSql, new { SessionId = sessionId, leader.RegistrationId, ContextRef = contextRef }, cancellationToken));
        if (row is null)
        {
            return null;
        }

        var present = await connection.QueryAsync<string>(Database.Command(AttendeesSql, new { SessionId = sessionId }, cancellationToken));
        var corrections = await connection.QueryAsync<CorrectionRow>(Database.Command(CorrectionsSql, new { SessionId = sessionId }, cancellationToken));
        var presentSet = present.ToHashSet(StringComparer.Ordinal);
        var session = new LiveSession(row.Id, row.Title, DateOnly.ParseExact(row.HeldOn, "yyyy-MM-dd", CultureInfo.InvariantCulture), presentSet.Count);
        return new LiveSessionDetail(session, presentSet, corrections
            .Select(correction => new LiveSessionCorrection(
                correction.Subject, correction.Action, correction.Reason, correction.CorrectedBy, DateTimeOffset.FromUnixTimeMilliseconds(correction.CorrectedAtMs)))
            .ToList());
    }

    /// <summary>
    /// Marks a learner of the leader's course absent or present at one of its sessions. Returns
    /// null on success, or the problem with the request, naming the value and the fix. Returns
    /// <see cref="SessionNotFound"/> when the course has no such session.
    /// </summary>
    public async Task<string?> CorrectAsync(
        LtiSession leader, string sessionId, string subject, string action, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leader);
        if (await FindAsync(leader, sessionId, cancellationToken) is not { } detail)
        {
            return SessionNotFound;
        }

        reason = reason.Trim();
        if (reason.Length is 0 or > MaxReasonLength || reason.Any(char.IsControl))
        {
            return $"Reason: the reason has {reason.Length} characters or a control character. Say in 1 to {MaxReasonLength} characters on one line why the record changes, such as \"Left after ten minutes\".";
        }

        if (action == MarkAbsent)
        {
            return await MarkAbsentAsync(leader, detail.Session, subject, reason);
        }

        if (action != MarkPresent)
        {
            return $"Action: '{action}' is not a correction. Choose {MarkAbsent} or {MarkPresent}.";
        }

        // Only a presence needs the roster: it names the learner's school for the new statement.
        var contextRef = leader.ContextId!;
        var roster = await RosterAsync(leader.RegistrationId, contextRef, cancellationToken);
        return roster.FirstOrDefault(member => string.Equals(member.Subject, subject, StringComparison.Ordinal)) is { } learner
            ? await MarkPresentAsync(leader, contextRef, detail.Session, learner, reason)
            : $"Learner: '{subject}' is not a learner of this course. Reload the page and choose a learner from its list.";
    }

    /// <summary>The message <see cref="CorrectAsync"/> returns for a session the leader's course does not have.</summary>
    public const string SessionNotFound = "This live session was not found in your course. Go back to the list of recorded sessions.";

    // A started correction finishes without the request's token, as a recording does.
    private async Task<string?> MarkAbsentAsync(LtiSession leader, LiveSession session, string subject, string reason)
    {
        var registration = await RegistrationAsync(leader);
        var occurredAt = _timeProvider.GetUtcNow();
        var correctionId = Guid.NewGuid().ToString("N");
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        var course = await connection.QuerySingleAsync<ContextRow>(
            Database.Command(ContextSql, new { ContextRef = leader.ContextId!, leader.RegistrationId }, CancellationToken.None));
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var key = new { SessionId = session.Id, Subject = subject };
        var attended = await connection.QuerySingleOrDefaultAsync<string>(Database.Command(AttendeeStatementSql, key, CancellationToken.None, transaction));
        if (attended is null
            || await connection.ExecuteAsync(Database.Command(DeleteAttendeeSql, new { key.SessionId, key.Subject, StatementId = attended }, CancellationToken.None, transaction)) != 1)
        {
            return $"Learner: '{subject}' is not recorded as present at this session, so there is nothing to mark absent. Reload the page to see the current record.";
        }

        // The leader voids the learner's attended statement. The district id extension lets the
        // engine check that both statements are of one district before it reverses the points.
        var learner = new PdPerson(registration.Issuer, subject);
        var voiding = _statements.Voided(correctionId, new PdPerson(registration.Issuer, leader.Subject), new PdEventContext
        {
            DistrictId = registration.DistrictId,
            Registration = PdStatements.RegistrationFor(registration.DistrictId, learner, course.LtiContextId),
            CourseId = leader.ContextId!,
            Language = "en-US",
            Timestamp = occurredAt,
        }, Guid.Parse(attended));
        await WriteStatementAsync(connection, transaction, registration, voiding, occurredAt);
        await InsertCorrectionAsync(connection, transaction, correctionId, session, subject, MarkAbsent, voiding.Id!.Value, attended, reason, leader, occurredAt);
        await transaction.CommitAsync(CancellationToken.None);
        Log.Corrected(_logger, session.Id, leader.RegistrationId, MarkAbsent, voiding.Id.Value, leader.UserId);
        await _relay.DeliverAsync([voiding.Id.Value], CancellationToken.None);
        return null;
    }

    private async Task<string?> MarkPresentAsync(LtiSession leader, string contextRef, LiveSession session, LiveSessionAttendee member, string reason)
    {
        var registration = await RegistrationAsync(leader);
        var occurredAt = _timeProvider.GetUtcNow();
        var correctionId = Guid.NewGuid().ToString("N");
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        var course = await connection.QuerySingleAsync<ContextRow>(
            Database.Command(ContextSql, new { ContextRef = contextRef, leader.RegistrationId }, CancellationToken.None));
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var key = new { SessionId = session.Id, member.Subject };
        if (await connection.QuerySingleOrDefaultAsync<string>(Database.Command(AttendeeStatementSql, key, CancellationToken.None, transaction)) is not null)
        {
            return $"Learner: '{member.Subject}' is already recorded as present at this session, and a session earns its points once. Reload the page to see the current record.";
        }

        // The engine pays a rule once per learner and session activity, and a voided attendance
        // keeps that award, reversed. A new presence would record attendance that earns nothing.
        if (await connection.ExecuteScalarAsync<long>(Database.Command(EarlierAbsenceSql, key, CancellationToken.None, transaction)) > 0)
        {
            return $"Learner: '{member.Subject}' was marked absent at this session before, and a session pays its points once per learner, so a new presence would earn nothing. "
                + "Leave the absence, or record the make-up as a new session.";
        }

        // A new event id gives the presence its own statement id. The attendee row's primary key
        // rejects a concurrent second presence, and the engine's award key pays a session once.
        var statementId = await WriteAttendanceAsync(
            connection, transaction, registration, contextRef, course, session, member.Subject, member.SchoolId, $"{session.Id}\n{member.Subject}\n{correctionId}", occurredAt);
        await InsertCorrectionAsync(connection, transaction, correctionId, session, member.Subject, MarkPresent, statementId, null, reason, leader, occurredAt);
        await transaction.CommitAsync(CancellationToken.None);
        Log.Corrected(_logger, session.Id, leader.RegistrationId, MarkPresent, statementId, leader.UserId);
        await _relay.DeliverAsync([statementId], CancellationToken.None);
        return null;
    }

    private async Task InsertCorrectionAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string correctionId, LiveSession session, string subject,
        string action, Guid statementId, string? voidedStatementId, string reason, LtiSession leader, DateTimeOffset occurredAt) =>
        await connection.ExecuteAsync(Database.Command(InsertCorrectionSql, new
        {
            Id = correctionId, SessionId = session.Id, Subject = subject, Action = action, StatementId = statementId.ToString(),
            VoidedStatementId = voidedStatementId, Reason = reason, CorrectedBy = leader.UserId, Now = occurredAt.ToUnixTimeMilliseconds(),
        }, CancellationToken.None, transaction));

    private async Task<Platforms.PlatformRegistration> RegistrationAsync(LtiSession leader) =>
        await _registry.FindByIdAsync(leader.RegistrationId, CancellationToken.None)
            ?? throw new InvalidOperationException($"Registration {leader.RegistrationId} of a live session no longer exists.");

    private sealed class CorrectionRow
    {
        public string Subject { get; set; } = "";

        public string Action { get; set; } = "";

        public string Reason { get; set; } = "";

        public string CorrectedBy { get; set; } = "";

        public long CorrectedAtMs { get; set; }
    }
}
