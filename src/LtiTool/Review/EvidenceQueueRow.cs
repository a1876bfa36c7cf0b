namespace LtiPd.LtiTool.Review;

/// <summary>One line of the review queue.</summary>
internal sealed record EvidenceQueueRow(
    string Id,
    string UserRef,
    string? LearnerName,
    string ModuleId,
    string ActivityId,
    EvidenceStatus Status,
    int Revision,
    DateTimeOffset LastSubmittedAt);
