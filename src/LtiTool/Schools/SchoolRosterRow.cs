namespace LtiPd.LtiTool.Schools;

/// <summary>One valid row of a roster CSV: a person, by LTI subject, and their school.</summary>
/// <param name="Line">The row's line number in the file, for messages.</param>
/// <param name="Subject">The person's LTI <c>sub</c> in the registration.</param>
/// <param name="SchoolId">The school id.</param>
/// <param name="SchoolName">The school's name.</param>
public sealed record SchoolRosterRow(int Line, string Subject, string SchoolId, string SchoolName);
