using System.Data.Common;
using Dapper;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Schools;

/// <summary>
/// Fills <c>lti_users.school_id</c> and <c>lti_schools</c>: at each launch from the mapped launch
/// parameter, or else from an imported roster row; and at each roster import, for everyone the
/// file lists. The gamification participant follows, so school leaderboards group correctly.
/// </summary>
public sealed partial class SchoolDirectory
{
    private static readonly SqlText UpsertSchoolWithName = UpsertSql.Build(
        "lti_schools", ["registration_id", "school_id", "name", "updated_at_ms"], ["registration_id", "school_id"], ["name", "updated_at_ms"]);

    private static readonly SqlText InsertSchoolIfAbsent = UpsertSql.Build(
        "lti_schools", ["registration_id", "school_id", "name", "updated_at_ms"], ["registration_id", "school_id"], []);

    private static readonly SqlText UpsertRosterRow = UpsertSql.Build(
        "pd_school_roster", ["registration_id", "subject", "school_id", "imported_at_ms"], ["registration_id", "subject"], ["school_id", "imported_at_ms"]);

    private static readonly SqlText UpsertMembership = UpsertSql.Build(
        "pd_launch_memberships", ["registration_id", "user_ref", "context_ref", "role", "last_launch_at_ms"],
        ["registration_id", "user_ref", "context_ref"], ["role", "last_launch_at_ms"]);

    private static readonly SqlText SelectRosterSchool = SqlText.Portable(
        "SELECT school_id FROM pd_school_roster WHERE registration_id = @RegistrationId AND subject = @Subject");

    private static readonly SqlText UpdateUserSchool = SqlText.Portable(
        "UPDATE lti_users SET school_id = @SchoolId WHERE registration_id = @RegistrationId AND id = @UserId");

    private static readonly SqlText UpdateUserSchoolBySubject = SqlText.Portable(
        "UPDATE lti_users SET school_id = @SchoolId WHERE registration_id = @RegistrationId AND subject = @Subject");

    private static readonly SqlText SelectSchools = SqlText.Portable(
        "SELECT s.registration_id AS RegistrationId, s.school_id AS SchoolId, s.name AS Name FROM lti_schools s " +
        "JOIN platform_registrations r ON r.id = s.registration_id WHERE r.district_id = @DistrictId ORDER BY s.name, s.school_id");

    private readonly Database _database;
    private readonly LaunchSchoolMapping _mapping;
    private readonly ParticipantDirectory _participants;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SchoolDirectory> _logger;

    /// <summary>Creates the directory.</summary>
    public SchoolDirectory(
        Database database, LaunchSchoolMapping mapping, ParticipantDirectory participants, TimeProvider timeProvider, ILogger<SchoolDirectory> logger)
    {
        _database = database;
        _mapping = mapping;
        _participants = participants;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Sets the launching user's school and records the launch's role and course, inside the
    /// launch's transaction. Returns the school id now stored for the user, or null.
    /// </summary>
    public async Task<string?> RecordLaunchAsync(
        DbConnection connection,
        DbTransaction transaction,
        PlatformRegistration registration,
        LtiRequest request,
        string userId,
        string? contextRef,
        PdRole role,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(request);
        var nowMs = now.ToUnixTimeMilliseconds();

        // Not cancellable: part of the launch transaction, which runs after the nonce was consumed.
        var cancellationToken = CancellationToken.None;
        string? schoolId;
        if (_mapping.Resolve(registration, request.Custom) is { } launchSchool)
        {
            schoolId = launchSchool.SchoolId;
            var school = new { RegistrationId = registration.Id, launchSchool.SchoolId, Name = launchSchool.Name ?? launchSchool.SchoolId, UpdatedAtMs = nowMs };
            await _database.ExecuteAsync(connection, launchSchool.Name is null ? InsertSchoolIfAbsent : UpsertSchoolWithName, school, cancellationToken, transaction);
        }
        else
        {
            schoolId = await _database.QuerySingleOrDefaultAsync<string>(
                connection, SelectRosterSchool, new { RegistrationId = registration.Id, request.Subject }, cancellationToken, transaction);
        }

        if (schoolId is not null)
        {
            await _database.ExecuteAsync(connection, UpdateUserSchool, new { SchoolId = schoolId, RegistrationId = registration.Id, UserId = userId }, cancellationToken, transaction);
        }

        await _database.ExecuteAsync(connection, UpsertMembership, new
        {
            RegistrationId = registration.Id,
            UserRef = userId,
            ContextRef = contextRef ?? string.Empty,
            Role = role.ToString(),
            LastLaunchAtMs = nowMs,
        }, cancellationToken, transaction);
        return schoolId;
    }

    /// <summary>Sets the gamification participant's school after a launch committed. Failures are logged, not thrown.</summary>
    public async Task SyncParticipantAsync(PlatformRegistration registration, string subject, string schoolId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        try
        {
            await _participants.SetSchoolsAsync(registration.DistrictId, [new ParticipantSchool(registration.Issuer, subject, schoolId)], cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ParticipantSchoolFailed(_logger, registration.Id, exception);
        }
    }

    /// <summary>
    /// Imports a roster CSV for <paramref name="registration"/> in one transaction: every row or
    /// none. Returns the problems of an invalid file, or an empty list and the count imported.
    /// </summary>
    public async Task<(int Imported, IReadOnlyList<RosterProblem> Problems)> ImportAsync(
        PlatformRegistration registration, Stream csv, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var (rows, problems) = RosterCsvReader.Read(csv);
        if (problems.Count > 0)
        {
            Log.ImportRejected(_logger, registration.Id, problems.Count);
            return (0, problems);
        }

        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = await _database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var schools = rows.DistinctBy(row => row.SchoolId, StringComparer.Ordinal)
                .Select(row => new { RegistrationId = registration.Id, row.SchoolId, Name = row.SchoolName, UpdatedAtMs = nowMs });
            await connection.ExecuteAsync(_database.Command(UpsertSchoolWithName, schools, cancellationToken, transaction));
            await connection.ExecuteAsync(_database.Command(UpsertRosterRow,
                rows.Select(row => new { RegistrationId = registration.Id, row.Subject, row.SchoolId, ImportedAtMs = nowMs }), cancellationToken, transaction));
            await connection.ExecuteAsync(_database.Command(UpdateUserSchoolBySubject,
                rows.Select(row => new { RegistrationId = registration.Id, row.Subject, row.SchoolId }), cancellationToken, transaction));
            await transaction.CommitAsync(cancellationToken);
        }

        // The import is committed; a participant the engine has not seen yet gets the school from its first statement.
        var participants = rows.Select(row => new ParticipantSchool(registration.Issuer, row.Subject, row.SchoolId)).ToList();
        await _participants.SetSchoolsAsync(registration.DistrictId, participants, cancellationToken);
        Log.Imported(_logger, registration.Id, rows.Count);
        return (rows.Count, []);
    }

    /// <summary>Lists the schools of every registration of <paramref name="districtId"/>.</summary>
    public async Task<IReadOnlyList<SchoolRecord>> ListAsync(string districtId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var schools = await connection.QueryAsync<SchoolRecord>(_database.Command(SelectSchools, new { DistrictId = districtId }, cancellationToken));
        return schools.AsList();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1740, EventName = "SchoolRosterImported", Level = LogLevel.Information,
            Message = "Imported a school roster of {RowCount} rows for registration {RegistrationId}")]
        public static partial void Imported(ILogger logger, string registrationId, int rowCount);

        [LoggerMessage(EventId = 1741, EventName = "SchoolRosterRejected", Level = LogLevel.Information,
            Message = "Rejected a school roster for registration {RegistrationId}: {ProblemCount} problems; nothing was imported")]
        public static partial void ImportRejected(ILogger logger, string registrationId, int problemCount);

        [LoggerMessage(EventId = 1742, EventName = "ParticipantSchoolFailed", Level = LogLevel.Warning,
            Message = "Setting the gamification participant's school after a launch of registration {RegistrationId} failed; the next statement with a school fills it")]
        public static partial void ParticipantSchoolFailed(ILogger logger, string registrationId, Exception exception);
    }
}
