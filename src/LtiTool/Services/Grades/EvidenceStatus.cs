namespace LtiPd.LtiTool.Services.Grades;

/// <summary>Where a learner's evidence for a module stands in review.</summary>
public enum EvidenceStatus
{
    /// <summary>The module asks for no evidence, or none was submitted yet.</summary>
    None,

    /// <summary>Evidence was submitted and waits for a PD leader.</summary>
    AwaitingReview,

    /// <summary>A PD leader approved the evidence.</summary>
    Approved,

    /// <summary>A PD leader returned the evidence for another try.</summary>
    Returned,
}
