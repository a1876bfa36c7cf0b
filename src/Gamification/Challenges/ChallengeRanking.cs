namespace LtiPd.Gamification.Challenges;

/// <summary>Ranks challenge participants or teams and picks the winners.</summary>
public static class ChallengeRanking
{
    /// <summary>
    /// Ranks members' points, best first, ties ordered by key. A team scores its members' average,
    /// rounded to one decimal, so team size does not decide; equal scores share a rank.
    /// </summary>
    public static IReadOnlyList<ChallengeScore> Rank(ChallengeMode mode, IReadOnlyList<(string UserId, string? TeamId, long Points)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = mode == ChallengeMode.Individual
            ? rows.Select(row => (Key: row.UserId, Score: (double)row.Points, Members: (IReadOnlyList<string>)[row.UserId]))
            : rows.GroupBy(row => row.TeamId!, StringComparer.Ordinal)
                .Select(team => (Key: team.Key, Score: Math.Round(team.Average(row => (double)row.Points), 1),
                    Members: (IReadOnlyList<string>)team.Select(row => row.UserId).Order(StringComparer.Ordinal).ToList()));
        var ordered = scores.OrderByDescending(score => score.Score).ThenBy(score => score.Key, StringComparer.Ordinal).ToList();

        var ranked = new List<ChallengeScore>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Score == ordered[i - 1].Score ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new ChallengeScore(rank, ordered[i].Key, ordered[i].Score, ordered[i].Members));
        }

        return ranked;
    }

    /// <summary>
    /// Returns the winning scores: with a goal, every score that reached it; without one, every
    /// score tied for first place, provided it is above 0.
    /// </summary>
    public static IReadOnlyList<ChallengeScore> Winners(IReadOnlyList<ChallengeScore> ranked, int? goalPoints)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        return goalPoints is { } goal
            ? ranked.Where(score => score.Score >= goal).ToList()
            : ranked.Where(score => score.Rank == 1 && score.Score > 0).ToList();
    }

    /// <summary>Returns the share of <paramref name="goalPoints"/> that <paramref name="score"/> reached, from 0 to 100 percent.</summary>
    public static int GoalPercent(double score, int goalPoints) =>
        goalPoints <= 0 ? 0 : (int)Math.Clamp(Math.Floor(score * 100 / goalPoints), 0, 100);
}
