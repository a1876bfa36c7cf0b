namespace LtiPd.LtiTool.DevPlatform;

/// <summary>A person enrolled in the dev platform's sample course.</summary>
/// <param name="Id">The platform's user id, sent as <c>sub</c> and as the login hint.</param>
/// <param name="GivenName">The given name.</param>
/// <param name="FamilyName">The family name.</param>
/// <param name="Email">The email address.</param>
/// <param name="Description">What the person does, shown on the dev platform page.</param>
/// <param name="ContextRoles">LIS v2 membership role URIs in the course (what NRPS returns).</param>
/// <param name="InstitutionRoles">LIS v2 institution and system role URIs, sent only in launches.</param>
public sealed record DevPerson(
    string Id,
    string GivenName,
    string FamilyName,
    string Email,
    string Description,
    IReadOnlyList<string> ContextRoles,
    IReadOnlyList<string> InstitutionRoles)
{
    /// <summary>The full name, as platforms send it in the <c>name</c> claim.</summary>
    public string Name => $"{GivenName} {FamilyName}";

    /// <summary>Every role URI of a launch: context roles first, then institution and system roles.</summary>
    public IReadOnlyList<string> LaunchRoles => [.. ContextRoles, .. InstitutionRoles];
}
