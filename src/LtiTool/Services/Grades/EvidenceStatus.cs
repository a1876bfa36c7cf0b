namespace LtiPd.LtiTool.Services.Grades;

/// <summary>The review state of a learner's evidence in a module.</summary>
public enum EvidenceStatus
{
    /// <summary>The module has no evidence activity, or no evidence was submitted yet.</summary>
    None,

    /// <summary>Evidence was submitted and waits for a PD leader.</summary>
    AwaitingReview,

    /// <summary>A PD leader approved the evidence.</summary>
    Approved,

    /// <summary>A PD leader returned the evidence for another try.</summary>
    Returned,
}
