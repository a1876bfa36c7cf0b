namespace LtiPd.LtiTool.Messages;

/// <summary>What a person may do in LtiPd, derived from their LTI roles. Higher values include lower ones.</summary>
public enum PdRole
{
    /// <summary>A teacher, paraeducator or staff member taking PD. The least privilege, and the default.</summary>
    Learner = 0,

    /// <summary>A PD leader: reviews evidence, builds pathways, sees the course's progress.</summary>
    Instructor = 1,

    /// <summary>A district or LMS administrator: manages the district's settings and deployments.</summary>
    Administrator = 2,
}
