namespace LtiPd.Gamification.Participants;

/// <summary>Participant data the host takes from LTI launches.</summary>
public sealed record ParticipantProfile
{
    /// <summary>The account home page (the platform), as in the participant's xAPI actor.</summary>
    public required string HomePage { get; init; }

    /// <summary>The account name on <see cref="HomePage"/>.</summary>
    public required string AccountName { get; init; }

    /// <summary>One of <see cref="ParticipantRole"/>.</summary>
    public required string Role { get; init; }

    /// <summary>The name shown on leaderboards when <see cref="LeaderboardOptIn"/> is true.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Whether the participant chose to show their name on leaderboards.</summary>
    public bool LeaderboardOptIn { get; init; }

    /// <summary>The participant's school, or null to keep the one statements reported.</summary>
    public string? SchoolId { get; init; }
}
