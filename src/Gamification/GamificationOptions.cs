namespace LtiPd.Gamification;

/// <summary>Engine settings, bound from the <c>Gamification</c> configuration section.</summary>
public sealed class GamificationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Gamification";

    /// <summary>Statements read from the source per batch. Default: 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Seconds the background worker waits after a batch that found nothing new. Default: 5.</summary>
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Seconds the challenge decision worker waits between checks for challenges whose window has
    /// ended; winners get their badges at most this long after the end. Default: 60.
    /// </summary>
    public int ChallengeDecisionIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Whether the background worker wakes as soon as a source in this process reports a commit
    /// (the embedded LRS does), rather than at the next poll. Default: true.
    /// </summary>
    public bool WakeOnCommit { get; set; } = true;

    /// <summary>
    /// Milliseconds the background worker waits after a commit wakes it before it reads, so one
    /// batch covers every commit of that time instead of one batch per commit. An award then
    /// follows its statement by up to this long, plus the batch's own time. 0 reads at once.
    /// Default: 50.
    /// </summary>
    public int WakeLingerMilliseconds { get; set; } = 50;

    /// <summary>
    /// The base IRI of the activities in award statements (points, levels, badges); it ends with
    /// a slash. Default: <c>https://ltipd.org/xapi/gamification/</c>.
    /// </summary>
    public Uri ActivityBaseUri { get; set; } = new("https://ltipd.org/xapi/gamification/");

    /// <summary>
    /// Returns the catalog topic of a module activity id, or null when the module has none or is
    /// not in the catalog. The host sets it from its catalog; topic badges
    /// (<see cref="Rules.BadgeCriterion.ModulesCompletedInTopic"/>) count nothing while it is null.
    /// </summary>
    public Func<string, string?>? ModuleTopic { get; set; }
}
