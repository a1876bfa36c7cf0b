namespace LtiPd.LtiTool.Records.Privacy;

/// <summary>A person whose data a district admin exports or deletes, found within the admin's district.</summary>
/// <param name="DistrictId">The district the person's registration belongs to.</param>
/// <param name="RegistrationId">The person's registration (LMS platform).</param>
/// <param name="UserId">Our id of the person's user row.</param>
/// <param name="Issuer">The platform issuer, the home page of the person's xAPI account.</param>
/// <param name="Subject">The LTI <c>sub</c>, the name of the person's xAPI account.</param>
/// <param name="Email">The person's email, when the LMS sent one.</param>
public sealed record PersonRef(string DistrictId, string RegistrationId, string UserId, string Issuer, string Subject, string? Email);
