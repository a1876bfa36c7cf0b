namespace LtiPd.LtiTool.Records;

/// <summary>The name a certificate and transcript print for a person.</summary>
internal static class CertificateHolderName
{
    /// <summary>Returns the LTI <c>name</c> claim, else the given and family names joined, else null.</summary>
    public static string? Of(string? name, string? givenName, string? familyName)
    {
        if (!string.IsNullOrWhiteSpace(name))
        {
            return name;
        }

        var parts = new[] { givenName, familyName }.Where(part => !string.IsNullOrWhiteSpace(part));
        var joined = string.Join(' ', parts);
        return joined.Length == 0 ? null : joined;
    }
}
