namespace LtiPd.Gamification.Participants;

/// <summary>The roles a participant has in gamification, as stored.</summary>
public static class ParticipantRole
{
    /// <summary>A teacher: earns points and appears on leaderboards.</summary>
    public const string Teacher = "teacher";

    /// <summary>A reviewer: may earn points, which never count on leaderboards.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>An administrator: may earn points, which never count on leaderboards.</summary>
    public const string Admin = "admin";

    /// <summary>Whether <paramref name="role"/> is one of the stored roles.</summary>
    public static bool IsKnown(string role) => role is Teacher or Reviewer or Admin;
}
