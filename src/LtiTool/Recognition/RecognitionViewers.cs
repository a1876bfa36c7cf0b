using Dapper;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// Resolves a session to the engine's tenant and user, and keeps the engine's participant row in
/// step with the launch: role (only teachers rank), display name, and the opt-in already chosen.
/// The role is the higher of the launch's and the highest the synced rosters list, so a PD leader
/// who opens a course as a learner is still not ranked.
/// </summary>
internal sealed class RecognitionViewers
{
    // The school a district mapped from a launch parameter or a roster import, when it did.
    private static readonly SqlText SchoolSql = SqlText.Portable(
        "SELECT school_id FROM lti_users WHERE id = @UserId AND registration_id = @RegistrationId");

    private static readonly SqlText RosterRolesSql = SqlText.Portable(
        "SELECT role FROM roster_members WHERE registration_id = @RegistrationId AND subject = @Subject AND status = 'Active'");

    private readonly PlatformRegistry _registry;
    private readonly ParticipantDirectory _participants;
    private readonly Database _database;

    public RecognitionViewers(PlatformRegistry registry, ParticipantDirectory participants, Database database)
    {
        _registry = registry;
        _participants = participants;
        _database = database;
    }

    /// <summary>Returns the viewer, or null when the session's registration no longer exists.</summary>
    public async Task<RecognitionViewer?> ResolveAsync(LtiSession session, CancellationToken cancellationToken)
    {
        var registration = await _registry.FindByIdAsync(session.RegistrationId, cancellationToken);
        if (registration is null)
        {
            return null;
        }

        var userId = GamificationKeys.UserId(registration.Issuer, session.Subject);
        var existing = await _participants.GetAsync(registration.DistrictId, userId, cancellationToken);
        string? schoolId;
        var role = session.Role;
        await using (var connection = await _database.OpenAsync(cancellationToken))
        {
            schoolId = await connection.QuerySingleOrDefaultAsync<string?>(
                _database.Command(SchoolSql, new { session.UserId, session.RegistrationId }, cancellationToken));
            var rosterRoles = await connection.QueryAsync<string>(
                _database.Command(RosterRolesSql, new { session.RegistrationId, session.Subject }, cancellationToken));
            foreach (var rosterRole in rosterRoles)
            {
                if (Enum.TryParse<PdRole>(rosterRole, out var parsed) && parsed > role)
                {
                    role = parsed;
                }
            }
        }

        var profile = new ParticipantProfile
        {
            HomePage = registration.Issuer,
            AccountName = session.Subject,
            Role = ParticipantRoles.Of(role),
            DisplayName = session.DisplayName,
            LeaderboardOptIn = existing?.LeaderboardOptIn ?? false,
            SchoolId = schoolId,
        };
        if (existing is null || existing.Role != profile.Role || existing.DisplayName != profile.DisplayName
            || (schoolId is not null && existing.SchoolId != schoolId))
        {
            await _participants.SaveAsync(registration.DistrictId, profile, cancellationToken);
        }

        return new RecognitionViewer(session, registration.DistrictId, userId, profile.LeaderboardOptIn);
    }
}
