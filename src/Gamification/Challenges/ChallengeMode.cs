namespace LtiPd.Gamification.Challenges;

/// <summary>Whether a challenge ranks teachers or teams.</summary>
public enum ChallengeMode
{
    /// <summary>Each member scores their own points.</summary>
    Individual,

    /// <summary>A team scores its members' average points, so team size does not decide.</summary>
    Team,
}
