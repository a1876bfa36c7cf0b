namespace LtiPd.LtiTool.Records;

/// <summary>How much of a certificate holder's name the public verification page shows.</summary>
public enum VerificationNameDisplay
{
    /// <summary>Initials only, such as <c>A. T.</c>.</summary>
    Initials,

    /// <summary>The full name as the LMS sent it.</summary>
    Full,

    /// <summary>No name at all.</summary>
    Hidden,
}
