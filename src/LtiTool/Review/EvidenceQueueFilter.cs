namespace LtiPd.LtiTool.Review;

/// <summary>What the review queue shows: a module, statuses, a minimum age and the order.</summary>
/// <param name="ModuleId">Only this module, or every module when null.</param>
/// <param name="Statuses">The statuses to include; never empty.</param>
/// <param name="MinAgeDays">Only evidence waiting at least this many days since its latest revision, or any age when null.</param>
/// <param name="NewestFirst">Newest revision first; by default the oldest waits at the top.</param>
/// <param name="LearnerRef">Only this learner's evidence, or everyone's when null.</param>
internal sealed record EvidenceQueueFilter(
    string? ModuleId,
    IReadOnlyList<EvidenceStatus> Statuses,
    int? MinAgeDays,
    bool NewestFirst,
    string? LearnerRef = null);
