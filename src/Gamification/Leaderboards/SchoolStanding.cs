namespace LtiPd.Gamification.Leaderboards;

/// <summary>One row of the district's school leaderboard.</summary>
/// <param name="Rank">The rank; equal averages share a rank.</param>
/// <param name="SchoolId">The school.</param>
/// <param name="AveragePoints">Points per active participant, rounded to one decimal.</param>
/// <param name="ActiveParticipants">Teachers with at least one counted award in the period.</param>
public sealed record SchoolStanding(int Rank, string SchoolId, double AveragePoints, int ActiveParticipants);
