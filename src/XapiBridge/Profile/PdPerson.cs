namespace LtiPd.XapiBridge.Profile;

/// <summary>A user as LTI identifies them: the platform issuer and the <c>sub</c> claim.</summary>
/// <param name="PlatformIssuer">The LTI platform issuer (<c>iss</c>), such as <c>https://canvas.instructure.com</c>.</param>
/// <param name="Subject">The LTI <c>sub</c> claim: the user's stable id on that platform.</param>
/// <param name="Email">The email from the launch, used only when the district enables it.</param>
public sealed record PdPerson(string PlatformIssuer, string Subject, string? Email = null);
