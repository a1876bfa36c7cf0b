namespace LtiPd.LtiTool.Services.Grades;

/// <summary>The review state of a learner's evidence in one module.</summary>
/// <param name="Status">Where the evidence stands.</param>
/// <param name="ReviewerComment">The PD leader's comment after an approval or return, if any.</param>
public sealed record EvidenceReview(EvidenceStatus Status, string? ReviewerComment)
{
    /// <summary>No evidence in review.</summary>
    public static EvidenceReview None { get; } = new(EvidenceStatus.None, null);
}
