using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Streaks;

namespace LtiPd.LtiTool.Recognition;

/// <summary>What the recognition pages show one teacher.</summary>
internal sealed record RecognitionSummary
{
    public required RuleSet Rules { get; init; }

    /// <summary>The paths of the district's uploaded level images, by level number; they win over the rules' image URLs.</summary>
    public IReadOnlyDictionary<int, string> LevelImagePaths { get; init; } = new Dictionary<int, string>();

    /// <summary>Counted points.</summary>
    public required int Points { get; init; }

    /// <summary>The teacher's newest ledger rows, newest first.</summary>
    public required IReadOnlyList<LedgerEntry> Ledger { get; init; }

    /// <summary>Earned badge ids with the day each was earned.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> Earned { get; init; }

    public required StreakStatus Streak { get; init; }

    public required bool OptedIn { get; init; }

    public int? DistrictRank { get; init; }

    public int DistrictRanked { get; init; }

    /// <summary>Whether badges can be downloaded as credentials (a public base URL is configured).</summary>
    public bool CredentialsAvailable { get; init; }
}
