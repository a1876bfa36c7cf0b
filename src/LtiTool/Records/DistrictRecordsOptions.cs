namespace LtiPd.LtiTool.Records;

/// <summary>A district's settings for teacher records.</summary>
public sealed class DistrictRecordsOptions
{
    /// <summary>
    /// How the public verification page shows the certificate holder's name. Default
    /// <see cref="VerificationNameDisplay.Initials"/>: enough to match a certificate to the person
    /// presenting it without publishing full names. The PDF itself always carries the full name.
    /// </summary>
    public VerificationNameDisplay VerificationName { get; set; } = VerificationNameDisplay.Initials;
}
