using LtiPd.Gamification.Challenges;

namespace LtiPd.Gamification.Tests.Challenges;

public sealed class ChallengeRankingTests
{
    private static readonly IReadOnlyList<(string UserId, string? TeamId, long Points)> Rows =
        [("a", null, 30), ("b", null, 30), ("c", null, 12), ("d", null, 0)];

    [Fact]
    public void Winners_WithGoal_EveryScoreAtOrAboveGoal()
    {
        var ranked = ChallengeRanking.Rank(ChallengeMode.Individual, Rows);

        var winners = ChallengeRanking.Winners(ranked, 12);

        Assert.Equal(["a", "b", "c"], winners.Select(score => score.Key));
    }

    [Fact]
    public void Winners_WithoutGoal_TiedLeadersAboveZero()
    {
        var ranked = ChallengeRanking.Rank(ChallengeMode.Individual, Rows);

        Assert.Equal(["a", "b"], ChallengeRanking.Winners(ranked, null).Select(score => score.Key));
        Assert.Empty(ChallengeRanking.Winners(ChallengeRanking.Rank(ChallengeMode.Individual, [("z", null, 0)]), null));
    }

    [Fact]
    public void Rank_Teams_AverageMembers()
    {
        var ranked = ChallengeRanking.Rank(ChallengeMode.Team, [("a", "north", 10), ("b", "north", 5), ("c", "south", 7)]);

        Assert.Equal([("north", 7.5, 1), ("south", 7.0, 2)], ranked.Select(score => (score.Key, score.Score, score.Rank)));
        Assert.Equal(["a", "b"], ranked.Single(score => score.Key == "north").Members);
    }

    [Theory]
    [InlineData(0, 50, 0)]
    [InlineData(25, 50, 50)]
    [InlineData(49.9, 50, 99)]
    [InlineData(80, 50, 100)]
    [InlineData(10, 0, 0)]
    public void GoalPercent_Score_ClampedToHundred(double score, int goal, int expected)
    {
        Assert.Equal(expected, ChallengeRanking.GoalPercent(score, goal));
    }
}
