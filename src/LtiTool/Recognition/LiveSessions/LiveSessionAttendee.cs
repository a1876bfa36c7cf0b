namespace LtiPd.LtiTool.Recognition.LiveSessions;

/// <summary>A learner of a course who can be recorded at one of its live sessions.</summary>
/// <param name="Subject">The learner's LTI subject.</param>
/// <param name="Name">The name from the roster or the last launch, or null when the platform shares none.</param>
/// <param name="SchoolId">The learner's school, when the district mapped one.</param>
internal sealed record LiveSessionAttendee(string Subject, string? Name, string? SchoolId);
