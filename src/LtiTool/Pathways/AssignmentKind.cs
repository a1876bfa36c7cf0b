namespace LtiPd.LtiTool.Pathways;

/// <summary>Who a pathway is assigned to.</summary>
public enum AssignmentKind
{
    /// <summary>Everyone in the district.</summary>
    Everyone = 0,

    /// <summary>Everyone with a given LtiPd role (a <see cref="Messages.PdRole"/> name).</summary>
    Role = 1,

    /// <summary>Everyone in a course (an <c>lti_contexts</c> id), from the roster or from launches.</summary>
    Course = 2,

    /// <summary>Everyone in a school of a registration.</summary>
    School = 3,
}
