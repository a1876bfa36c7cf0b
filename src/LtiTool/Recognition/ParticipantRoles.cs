using LtiPd.Gamification.Participants;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Recognition;

/// <summary>Maps a PD role to the role gamification stores: only learners rank as teachers.</summary>
internal static class ParticipantRoles
{
    /// <summary>Returns the <see cref="ParticipantRole"/> of <paramref name="role"/>.</summary>
    public static string Of(PdRole role) => role switch
    {
        PdRole.Learner => ParticipantRole.Teacher,
        PdRole.Instructor => ParticipantRole.Reviewer,
        PdRole.Administrator => ParticipantRole.Admin,
    };
}
