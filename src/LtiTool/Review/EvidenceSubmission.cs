namespace LtiPd.LtiTool.Review;

/// <summary>A learner's evidence for one activity, with every revision and every review.</summary>
internal sealed record EvidenceSubmission
{
    public required string Id { get; init; }

    public required string RegistrationId { get; init; }

    /// <summary>Our id of the learner's <c>lti_users</c> row.</summary>
    public required string UserRef { get; init; }

    public string? LearnerName { get; init; }

    /// <summary>Our id of the course the latest revision was submitted from, if any.</summary>
    public string? ContextRef { get; init; }

    public required string ModuleId { get; init; }

    public required string ActivityId { get; init; }

    public required EvidenceStatus Status { get; init; }

    /// <summary>The number of the latest revision, from 1.</summary>
    public required int Revision { get; init; }

    public required DateTimeOffset FirstSubmittedAt { get; init; }

    public required DateTimeOffset LastSubmittedAt { get; init; }

    /// <summary>The revisions, oldest first.</summary>
    public IReadOnlyList<EvidenceRevision> Revisions { get; init; } = [];

    /// <summary>The reviews, oldest first; at most one per revision.</summary>
    public IReadOnlyList<EvidenceReview> Reviews { get; init; } = [];

    /// <summary>Whether a reviewer may decide on it now.</summary>
    public bool AwaitsReview => Status is EvidenceStatus.Submitted or EvidenceStatus.Resubmitted;
}
