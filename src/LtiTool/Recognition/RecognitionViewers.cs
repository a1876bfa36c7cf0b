using LtiPd.Gamification.Data;
using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Messages;
using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Recognition;

/// <summary>
/// Resolves a session to the engine's tenant and user, and keeps the engine's participant row in
/// step with the launch: role (only teachers rank), display name, and the opt-in already chosen.
/// </summary>
internal sealed class RecognitionViewers
{
    private readonly PlatformRegistry _registry;
    private readonly ParticipantDirectory _participants;

    public RecognitionViewers(PlatformRegistry registry, ParticipantDirectory participants)
    {
        _registry = registry;
        _participants = participants;
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
        var profile = new ParticipantProfile
        {
            HomePage = registration.Issuer,
            AccountName = session.Subject,
            Role = RoleOf(session.Role),
            DisplayName = session.DisplayName,
            LeaderboardOptIn = existing?.LeaderboardOptIn ?? false,
        };
        if (existing is null || existing.Role != profile.Role || existing.DisplayName != profile.DisplayName)
        {
            await _participants.SaveAsync(registration.DistrictId, profile, cancellationToken);
        }

        return new RecognitionViewer(session, registration.DistrictId, userId, profile.LeaderboardOptIn);
    }

    private static string RoleOf(PdRole role) => role switch
    {
        PdRole.Learner => ParticipantRole.Teacher,
        PdRole.Instructor => ParticipantRole.Reviewer,
        PdRole.Administrator => ParticipantRole.Admin,
    };
}
