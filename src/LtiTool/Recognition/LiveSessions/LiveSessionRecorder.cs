using System.Data.Common;
using System.Globalization;
using Dapper;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Review;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using LtiPd.XapiBridge.Forwarding;
using LtiPd.XapiBridge.Profile;
using LtiPd.XapiBridge.Statements;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>
/// Records who attended a live session of a course. One transaction stores the session, an
/// attendee row per learner and an attended statement per learner (the learner is the actor,
/// the session a meeting activity of the course), plus its forwarding outbox row. The
/// statements reach the embedded LRS right after the commit through the evidence relay, which
/// also retries them later, so the engine awards the district's live-session points.
/// </summary>
internal sealed partial class LiveSessionRecorder
{
    /// <summary>The longest title accepted.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The most attendees one post records.</summary>
    public const int MaxAttendees = 500;

    // Learners of the course: the synced roster, plus learners who launched the course and
    // are not on it (a course that was never synced still has its launch memberships).
    private static readonly SqlText RosterSql = SqlText.Portable(
        "SELECT rm.subject AS Subject, COALESCE(u.name, rm.name) AS Name, u.school_id AS SchoolId FROM roster_members rm " +
        "LEFT JOIN lti_users u ON u.registration_id = rm.registration_id AND u.subject = rm.subject " +
        "WHERE rm.registration_id = @RegistrationId AND rm.context_ref = @ContextRef AND rm.status = 'Active' AND rm.role = 'Learner' " +
        "UNION " +
        "SELECT u.subject AS Subject, u.name AS Name, u.school_id AS SchoolId FROM pd_launch_memberships m " +
        "JOIN lti_users u ON u.id = m.user_ref " +
        "WHERE m.registration_id = @RegistrationId AND m.context_ref = @ContextRef AND m.role = 'Learner' " +
        "AND NOT EXISTS (SELECT 1 FROM roster_members r2 WHERE r2.registration_id = m.registration_id AND r2.context_ref = m.context_ref AND r2.subject = u.subject)");

    private static readonly SqlText ContextSql = SqlText.Portable(
        "SELECT context_id AS LtiContextId, deployment_id AS LtiDeploymentId, title AS Title FROM lti_contexts WHERE id = @ContextRef AND registration_id = @RegistrationId");

    private static readonly SqlText InsertSessionSql = SqlText.Portable(
        "INSERT INTO live_sessions (id, registration_id, context_ref, title, held_on, recorded_by, recorded_at_ms) " +
        "VALUES (@Id, @RegistrationId, @ContextRef, @Title, @HeldOn, @RecordedBy, @Now)");

    private static readonly SqlText InsertAttendeeSql = SqlText.Portable(
        "INSERT INTO live_session_attendees (session_id, subject, statement_id) VALUES (@SessionId, @Subject, @StatementId)");

    private static readonly SqlText ListSql = SqlText.Portable(
        "SELECT s.id AS Id, s.title AS Title, s.held_on AS HeldOn, COUNT(a.subject) AS Attendees FROM live_sessions s " +
        "LEFT JOIN live_session_attendees a ON a.session_id = s.id " +
        "WHERE s.registration_id = @RegistrationId AND s.context_ref = @ContextRef " +
        "GROUP BY s.id, s.title, s.held_on ORDER BY s.held_on DESC, s.id");

    private readonly EvidenceRepository _repository;
    private readonly EvidenceStatementRelay _relay;
    private readonly XapiOutbox _outbox;
    private readonly IOptionsMonitor<XapiForwardingOptions> _forwarding;
    private readonly PlatformRegistry _registry;
    private readonly PdStatements _statements;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LiveSessionRecorder> _logger;

    public LiveSessionRecorder(
        EvidenceRepository repository,
        EvidenceStatementRelay relay,
        XapiOutbox outbox,
        IOptionsMonitor<XapiForwardingOptions> forwarding,
        PlatformRegistry registry,
        IOptions<LtiOptions> ltiOptions,
        TimeProvider timeProvider,
        ILogger<LiveSessionRecorder> logger)
    {
        _repository = repository;
        _relay = relay;
        _outbox = outbox;
        _forwarding = forwarding;
        _registry = registry;
        _timeProvider = timeProvider;
        _logger = logger;
        var configured = ltiOptions.Value.PublicBaseUrl;
        var activityBase = (string.IsNullOrEmpty(configured) ? XapiLearningEventSink.FallbackActivityBaseIri : configured).TrimEnd('/');
        _statements = new PdStatements(new PdStatementsOptions { ActivityBaseIri = new Uri(activityBase + "/", UriKind.Absolute) });
    }

    private Database Database => _repository.Database;

    /// <summary>Returns the learners of the leader's course, by name.</summary>
    public async Task<IReadOnlyList<LiveSessionAttendee>> RosterAsync(string registrationId, string contextRef, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        // A row type with setters: SQLite reports a NULL name of the COALESCE as a blob column, so
        // Dapper finds no constructor of the record for it.
        var rows = await connection.QueryAsync<AttendeeRow>(
            Database.Command(RosterSql, new { RegistrationId = registrationId, ContextRef = contextRef }, cancellationToken));
        return rows
            .Select(row => new LiveSessionAttendee(row.Subject, row.Name, row.SchoolId))
            .DistinctBy(row => row.Subject, StringComparer.Ordinal)
            .OrderBy(row => row.Name ?? "\uffff", StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(row => row.Subject, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Returns the course's recorded sessions, the latest first.</summary>
    public async Task<IReadOnlyList<LiveSession>> ListAsync(string registrationId, string contextRef, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SessionRow>(
            Database.Command(ListSql, new { RegistrationId = registrationId, ContextRef = contextRef }, cancellationToken));
        return rows.Select(row => new LiveSession(row.Id, row.Title, DateOnly.ParseExact(row.HeldOn, "yyyy-MM-dd", CultureInfo.InvariantCulture), (int)row.Attendees)).ToList();
    }

    /// <summary>
    /// Records a session of the leader's course with its attendees, who must all be learners of
    /// the course. Returns the session, or every problem with the form, each naming the field and the value.
    /// </summary>
    public async Task<(LiveSession? Session, IReadOnlyList<string> Errors)> RecordAsync(
        LtiSession leader, LiveSessionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leader);
        ArgumentNullException.ThrowIfNull(form);
        if (leader.ContextId is not { } contextRef)
        {
            return (null, ["This launch has no course. Open the tool from the course whose live session you are recording."]);
        }

        var roster = (await RosterAsync(leader.RegistrationId, contextRef, cancellationToken)).ToDictionary(member => member.Subject, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime);
        var (heldOn, errors) = form.Validate(roster.Keys.ToHashSet(StringComparer.Ordinal), today);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var title = form.Title;
        var chosen = form.Attendees;
        var registration = await _registry.FindByIdAsync(leader.RegistrationId, cancellationToken)
            ?? throw new InvalidOperationException($"Registration {leader.RegistrationId} of a live session no longer exists.");
        var session = new LiveSession(Guid.NewGuid().ToString("N"), title, heldOn, chosen.Count);
        var occurredAt = _timeProvider.GetUtcNow();
        var now = occurredAt.ToUnixTimeMilliseconds();
        var statementIds = new List<Guid>();

        // A started recording finishes without the request's token, as evidence decisions do.
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        var course = await connection.QuerySingleAsync<ContextRow>(
            Database.Command(ContextSql, new { ContextRef = contextRef, RegistrationId = leader.RegistrationId }, CancellationToken.None));
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await connection.ExecuteAsync(Database.Command(InsertSessionSql, new
        {
            session.Id, leader.RegistrationId, ContextRef = contextRef, session.Title, HeldOn = heldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            RecordedBy = leader.UserId, Now = now,
        }, CancellationToken.None, transaction));
        foreach (var subject in chosen)
        {
            var statementId = await WriteAttendanceAsync(
                connection, transaction, registration, contextRef, course, session, subject, roster[subject].SchoolId, $"{session.Id}\n{subject}", occurredAt);
            statementIds.Add(statementId);
        }

        await transaction.CommitAsync(CancellationToken.None);
        Log.Recorded(_logger, session.Id, leader.RegistrationId, contextRef, chosen.Count, leader.UserId);
        await _relay.DeliverAsync(statementIds, CancellationToken.None);
        return (session, []);
    }

    // Writes one attendee row with its attended statement and, for a forwarding district, its
    // outbox row. The event id fixes the statement id, so it must be new for each presence.
    private async Task<Guid> WriteAttendanceAsync(
        DbConnection connection, DbTransaction transaction, PlatformRegistration registration, string contextRef, ContextRow course, LiveSession session,
        string subject, string? schoolId, string eventId, DateTimeOffset occurredAt)
    {
        var person = new PdPerson(registration.Issuer, subject);
        var statement = _statements.AttendedLiveSession(eventId, person, new PdEventContext
        {
            DistrictId = registration.DistrictId,
            Registration = PdStatements.RegistrationFor(registration.DistrictId, person, course.LtiContextId),
            CourseId = contextRef,
            CourseName = course.Title,
            SchoolId = schoolId,
            LtiDeploymentId = course.LtiDeploymentId,
            LtiContextId = course.LtiContextId,
            Language = "en-US",
            Timestamp = occurredAt,
        }, session.Id, session.Title);
        await connection.ExecuteAsync(Database.Command(InsertAttendeeSql, new { SessionId = session.Id, Subject = subject, StatementId = statement.Id!.Value.ToString() }, CancellationToken.None, transaction));
        await WriteStatementAsync(connection, transaction, registration, statement, occurredAt);
        return statement.Id.Value;
    }

    private async Task WriteStatementAsync(DbConnection connection, DbTransaction transaction, PlatformRegistration registration, Statement statement, DateTimeOffset occurredAt)
    {
        await _repository.InsertStatementAsync(
            connection, transaction, registration.Id, registration.DistrictId, statement.Id!.Value, XapiJson.Serialize(statement), occurredAt.ToUnixTimeMilliseconds(), CancellationToken.None);
        if (_forwarding.CurrentValue.Districts.ContainsKey(registration.DistrictId))
        {
            await _outbox.EnqueueAsync(connection, transaction, registration.DistrictId, statement, CancellationToken.None);
        }
    }

    private sealed record ContextRow(string LtiContextId, string LtiDeploymentId, string? Title);

    private sealed class SessionRow
    {
        public string Id { get; set; } = "";

        public string Title { get; set; } = "";

        public string HeldOn { get; set; } = "";

        public long Attendees { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1122, EventName = "LiveSessionRecorded", Level = LogLevel.Information,
            Message = "Live session {SessionId} of course {ContextRef} (registration {RegistrationId}) recorded by user {LeaderRef} with {Attendees} attendees")]
        public static partial void Recorded(ILogger logger, string sessionId, string registrationId, string contextRef, int attendees, string leaderRef);

        [LoggerMessage(EventId = 1891, EventName = "LiveSessionAttendanceCorrected", Level = LogLevel.Information,
            Message = "Live session {SessionId} (registration {RegistrationId}) corrected by user {LeaderRef}: a learner marked {Action}, statement {StatementId}")]
        public static partial void Corrected(ILogger logger, string sessionId, string registrationId, string action, Guid statementId, string leaderRef);
    }

    private sealed class AttendeeRow
    {
        public string Subject { get; init; } = "";

        public string? Name { get; init; }

        public string? SchoolId { get; init; }
    }
}
