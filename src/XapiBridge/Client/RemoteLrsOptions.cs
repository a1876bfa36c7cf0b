using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Client;

/// <summary>Where an LRS is and how to authenticate to it.</summary>
public sealed class RemoteLrsOptions
{
    /// <summary>
    /// The xAPI endpoint, such as <c>https://lrs.example.org/xapi/</c>. Resources (statements,
    /// activities/state, about) are resolved below it; a missing trailing slash is added.
    /// </summary>
    public required Uri Endpoint { get; set; }

    /// <summary>The Basic authentication user name (the LRS key). Null sends no Authorization header.</summary>
    public string? Username { get; set; }

    /// <summary>The Basic authentication password (the LRS secret). Never log it.</summary>
    public string? Password { get; set; }

    /// <summary>The xAPI version to speak. Default: <see cref="XapiVersion.V1"/> (1.0.3), which every LRS accepts.</summary>
    public XapiVersion Version { get; set; } = XapiVersion.V1;
}
