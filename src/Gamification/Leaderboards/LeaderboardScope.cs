namespace LtiPd.Gamification.Leaderboards;

/// <summary>Which participants and points an individual leaderboard covers.</summary>
public enum LeaderboardScope
{
    /// <summary>All teachers of the district, all their points.</summary>
    District,

    /// <summary>Teachers of one school, all their points.</summary>
    School,

    /// <summary>Points earned in one LMS course.</summary>
    Course,
}
