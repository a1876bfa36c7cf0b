namespace LtiPd.LtiTool.Services;

/// <summary>The LMS families whose service quirks the tool handles.</summary>
public enum PlatformKind
{
    /// <summary>Any platform that follows the specifications without known quirks.</summary>
    Other,

    /// <summary>Instructure Canvas: NRPS pages of at most 50 members, the submission extension on scores.</summary>
    Canvas,

    /// <summary>Moodle: line item URLs with a <c>type_id</c> query.</summary>
    Moodle,

    /// <summary>Schoology: NRPS pages of at most 100 members.</summary>
    Schoology,
}
