namespace LtiPd.LtiTool.Review;

/// <summary>
/// Where a piece of evidence stands, stored by name in <c>evidence_submissions.status</c>. It moves
/// <see cref="Submitted"/> → <see cref="Returned"/> → <see cref="Resubmitted"/> → (returned again
/// or) <see cref="Approved"/>, which is final.
/// </summary>
public enum EvidenceStatus
{
    /// <summary>The first revision waits for review.</summary>
    Submitted,

    /// <summary>A reviewer returned the latest revision for revision, with feedback.</summary>
    Returned,

    /// <summary>A later revision waits for review.</summary>
    Resubmitted,

    /// <summary>A reviewer approved the latest revision; the activity is done.</summary>
    Approved,
}
