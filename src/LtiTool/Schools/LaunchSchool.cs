namespace LtiPd.LtiTool.Schools;

/// <summary>A school named by launch custom parameters.</summary>
/// <param name="SchoolId">The school id, as the district's LMS names it.</param>
/// <param name="Name">The school's name, when the registration maps a name parameter too.</param>
public sealed record LaunchSchool(string SchoolId, string? Name);
