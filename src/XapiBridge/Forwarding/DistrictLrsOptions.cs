using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Forwarding;

/// <summary>One district's external LRS, where its statements are forwarded.</summary>
public sealed class DistrictLrsOptions
{
    /// <summary>Whether forwarding is on. Rows keep queuing while it is off and drain when it is turned on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The LRS xAPI endpoint, such as <c>https://lrs.district.example/xapi/</c>. HTTPS outside Development.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The Basic authentication key.</summary>
    public string? Username { get; set; }

    /// <summary>The Basic authentication secret. Never log it.</summary>
    public string? Password { get; set; }

    /// <summary>The xAPI version the district's LRS speaks. Default: <see cref="XapiVersion.V1"/> (1.0.3).</summary>
    public XapiVersion Version { get; set; } = XapiVersion.V1;

    /// <summary>
    /// Whether statements may identify people by email (<c>mbox</c>) in addition to the LTI
    /// account. Default: false, so an LRS outside LtiPd receives no email addresses.
    /// </summary>
    public bool IncludeEmail { get; set; }
}
