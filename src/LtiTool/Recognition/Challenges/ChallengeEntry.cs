using LtiPd.Gamification.Challenges;
using LtiPd.Gamification.Rules;

namespace LtiPd.LtiTool.Recognition.Challenges;

/// <summary>A challenge as one viewer sees it.</summary>
/// <param name="Challenge">The challenge.</param>
/// <param name="Badge">Its own badge from the district rules, or null when it has none.</param>
/// <param name="Standings">Ranked scores with the names this viewer may see; for a teacher only the top few and their own.</param>
/// <param name="RankedCount">How many teachers or teams the challenge ranks.</param>
/// <param name="Mine">The viewer's score, or their team's, or null when they have not joined.</param>
/// <param name="Won">Whether the viewer is among the winners.</param>
/// <param name="ScopeLabel">"Whole district" or the school's name.</param>
internal sealed record ChallengeEntry(
    ChallengeDefinition Challenge, BadgeDefinition? Badge, IReadOnlyList<ChallengeStanding> Standings, int RankedCount, ChallengeStanding? Mine, bool Won, string ScopeLabel)
{
    public bool IsRunning(DateTimeOffset now) => now >= Challenge.StartsAt && now < Challenge.EndsAt;

    public bool HasEnded(DateTimeOffset now) => now >= Challenge.EndsAt;
}

/// <summary>A ranked score with the label the viewer may see: an opted-in teacher's name, "You", a school, or a hidden name.</summary>
internal sealed record ChallengeStanding(int Rank, string Label, double Score, int MemberCount, bool IsViewer);
